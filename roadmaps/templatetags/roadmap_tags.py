from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Значение словаря по ключу в шаблоне: {{ live|get_item:item.indicator_figure }}."""
    if not mapping:
        return None
    return mapping.get(key)
