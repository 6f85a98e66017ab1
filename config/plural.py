"""Русские формы числа: «1 школа», «2 школы», «5 школ», «11 школ», «21 школа».

Одна функция для кода (`ru_plural`) и два фильтра шаблонов, подключённых ко всем шаблонам
(TEMPLATES OPTIONS builtins — без {% load %}):

    {{ n|ru_plural:"школа,школы,школ" }}   -> «школы»      (только слово)
    {{ n|ru_count:"школа,школы,школ" }}    -> «2 школы»    (число и слово)
"""

from django import template

register = template.Library()


def ru_plural(number: int, one: str, few: str, many: str) -> str:
    """Форма для числа: one — 1, 21, 101; few — 2–4, 22–24; many — 0, 5–20, 25–30, 111."""
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def _forms(forms: str) -> tuple[str, str, str]:
    parts = [part.strip() for part in forms.split(",")]
    if len(parts) != 3:
        raise template.TemplateSyntaxError(f"нужны три формы через запятую («школа,школы,школ»): {forms!r}")
    return parts[0], parts[1], parts[2]


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.filter(name="ru_plural")
def ru_plural_filter(value, forms: str) -> str:
    number = _number(value)
    one, few, many = _forms(forms)
    return many if number is None else ru_plural(number, one, few, many)


@register.filter(name="ru_count")
def ru_count_filter(value, forms: str) -> str:
    number = _number(value)
    if number is None:
        return ""
    return f"{number} {ru_plural(number, *_forms(forms))}"
