import functools

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Значение словаря по ключу в шаблоне: {{ live|get_item:item.indicator_figure }}."""
    if not mapping:
        return None
    return mapping.get(key)


@functools.cache
def _item_prefix() -> str:
    # «/roadmaps/items/» один раз на процесс: {% url %} в каждой строке карты — сотня reverse() на страницу.
    return reverse("roadmaps:item_row", args=[0])[: -len("0/")]


@register.filter
def item_url(item_id: int, action: str) -> str:
    """Адрес действия с мероприятием: {{ item.pk|item_url:"history" }} → /roadmaps/items/5/history/."""
    return f"{_item_prefix()}{item_id}/{action}/"


@register.filter
def period_label(item) -> str:
    """Разобранный срок строки карты («01.02.2026 – 15.03.2026», «до 28.01.2026», «с …») — в Python:
    в шаблоне это была цепочка из десятка условий и дат на каждую из 60 строк."""
    start, end = item.period_start, item.period_end
    if start and end and start != end:
        text = f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
    elif end:
        text = f"{'' if start else 'до '}{end:%d.%m.%Y}"
    elif start:
        text = f"с {start:%d.%m.%Y}"
    else:
        text = item.get_period_kind_display()
    return f"⚠ {text} · проверьте срок" if item.period_flagged else text
