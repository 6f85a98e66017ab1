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
