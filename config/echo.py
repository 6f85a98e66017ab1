"""Повтор введённого человеком текста в сообщениях: не длиннее 100 знаков.

Иначе файл с названием школы в мегабайт превращается в мегабайтное сообщение об ошибке — в базе,
на странице и в журнале (amplification)."""

from django.core.exceptions import ValidationError

ECHO_LIMIT = 100


def echo(value, limit: int = ECHO_LIMIT) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def echo_file_name(name, limit: int = ECHO_LIMIT) -> str:
    """Имя файла для сообщений: не длиннее limit знаков, расширение («.xlsx») остаётся на месте."""
    text = " ".join(str(name or "").split())
    if len(text) <= limit:
        return text
    dot = text.rfind(".")
    extension = text[dot:] if dot > 0 and len(text) - dot <= 10 else ""
    return text[: limit - 1 - len(extension)].rstrip() + "…" + extension


def cap_validation_echoes() -> None:
    """Сообщения Django о неверном значении повторяют его целиком («Выберите корректный вариант. <всё
    присланное> нет среди допустимых значений», то же у полей моделей и выбора из базы). Значения в params
    любой ValidationError режутся здесь до ECHO_LIMIT знаков — для всех форм, админки и full_clean разом.
    Вызывается один раз при запуске (accounts.apps)."""
    if getattr(ValidationError.__init__, "echo_capped", False):
        return
    original = ValidationError.__init__

    def __init__(self, message, code=None, params=None):
        if isinstance(params, dict):
            params = {
                key: echo(value) if isinstance(value, str) and len(value) > ECHO_LIMIT else value
                for key, value in params.items()
            }
        original(self, message, code, params)

    __init__.echo_capped = True
    ValidationError.__init__ = __init__
