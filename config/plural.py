"""Русские формы числа: «1 школа», «2 школы», «5 школ», «11 школ», «21 школа».

Две функции для кода (`ru_plural`, `ru_count`) и два фильтра шаблонов, подключённых ко всем шаблонам
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


def ru_count(number: int, one: str, few: str, many: str) -> str:
    """Число и слово в нужной форме: ru_count(21, "строка", "строки", "строк") -> «21 строка».

    Для падежа после предлога — формы этого падежа: «после» ru_count(n, "попытки", "попыток", "попыток")."""
    return f"{number} {ru_plural(number, one, few, many)}"


# Частые существительные: (1, 2, 5). _GEN — родительный падеж («больше 21 строки», «из 5 строк»).
ROWS = ("строка", "строки", "строк")
ROWS_GEN = ("строки", "строк", "строк")
CHARS = ("знак", "знака", "знаков")
CHARS_GEN = ("знака", "знаков", "знаков")
ITEMS = ("мероприятие", "мероприятия", "мероприятий")
ITEMS_GEN = ("мероприятия", "мероприятий", "мероприятий")
DAYS = ("день", "дня", "дней")
TIMES = ("раз", "раза", "раз")
ATTEMPTS_GEN = ("попытки", "попыток", "попыток")
PAGES_GEN = ("страницы", "страниц", "страниц")
FILES_GEN = ("файла", "файлов", "файлов")
BYTES = ("байт", "байта", "байт")
MUNICIPALITIES = ("муниципалитет", "муниципалитета", "муниципалитетов")


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
