"""Фильтры для строгой CSP и безопасных ссылок.

`pct_step` — процент, округлённый до целого 0…100, для классов pw-N / pl-N из static/css/percent.css:
под CSP `style-src 'self'` атрибут style="width: …" не работает, а класс из файла — работает.
`safe_url` — вторая линия защиты после валидатора модели: ссылка только http(s), иначе «#».
"""

from django import template

from config.urls_safety import is_safe_link

register = template.Library()


@register.filter
def pct_step(value, minimum: int = 0) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    step = max(0, min(100, round(number)))
    if number > 0 and step < int(minimum):
        return int(minimum)
    return step


@register.filter
def safe_url(value) -> str:
    value = "" if value is None else str(value)
    return value if is_safe_link(value) else "#"
