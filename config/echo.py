"""Повтор введённого человеком текста в сообщениях: не длиннее 100 знаков.

Иначе файл с названием школы в мегабайт превращается в мегабайтное сообщение об ошибке — в базе,
на странице и в журнале (amplification)."""

ECHO_LIMIT = 100


def echo(value, limit: int = ECHO_LIMIT) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
