from django import template

register = template.Library()


@register.filter
def share_of(figures, code: str):
    """Доля показателя code у объекта (Figures) — для таблиц: {{ row.figures|share_of:spec.figure.value }}."""
    return figures.share(code)


@register.filter
def pct(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}\xa0%".replace(".", ",")


@register.simple_tag
def sort_link(current: str, descending: bool, code: str) -> str:
    """Повторный щелчок по тому же столбцу меняет направление сортировки."""
    direction = "asc" if current == code and descending else "desc"
    return f"?sort={code}&dir={direction}"
