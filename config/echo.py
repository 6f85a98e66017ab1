"""Повтор введённого человеком текста в сообщениях: не длиннее 100 знаков.

Иначе файл с названием школы в мегабайт превращается в мегабайтное сообщение об ошибке — в базе,
на странице и в журнале (amplification)."""

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
