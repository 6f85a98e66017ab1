"""Ссылки, которые человек вводит в данные: только http и https (никаких javascript:, data:, vbscript:)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

ALLOWED_SCHEMES = ("http", "https")
URL_SCHEME_MESSAGE = "Ссылка должна начинаться с http:// или https://."

_url_validator = URLValidator(schemes=list(ALLOWED_SCHEMES), message=URL_SCHEME_MESSAGE)


def is_safe_link(value: str) -> bool:
    try:
        validate_http_url(value)
    except ValidationError:
        return False
    return True


def validate_http_url(value: str) -> None:
    """Валидатор модели и формы: адрес с http(s)-схемой (пробелы и управляющие символы не спасают)."""
    text = (value or "").strip()
    # Браузер выбрасывает из схемы табуляции и переводы строк: «java\tscript:» — тоже javascript:.
    squeezed = "".join(ch for ch in text if ch > " ").lower()
    if not squeezed.startswith(("http://", "https://")):
        raise ValidationError(URL_SCHEME_MESSAGE, code="url_scheme")
    _url_validator(text)


def validate_link_lines(value: str) -> None:
    """Несколько ссылок, по одной в строке: каждая — http(s)."""
    bad = []
    for line in (value or "").splitlines():
        if line.strip() and not is_safe_link(line):
            bad.append(line.strip()[:100])
    if bad:
        raise ValidationError(f"{URL_SCHEME_MESSAGE} Не подходит: {'; '.join(bad[:3])}", code="url_scheme")
