"""Word tables, keyword patterns and the one-point grammar for :mod:`roadmaps.periods`.

Pure Python, no Django. ``parse_point`` reads one calendar unit as written («10.03.»,
«15 апреля 2023», «март 2022», «2022», «года», «II квартал 2023», «1 полугодие», a bare «25»).

All patterns work on the parser's lower-cased «key» (ё → е, dashes unified to ``-``,
single spaces), never on raw user text.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTH_NAMES = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# A month as a word, in any case form we meet in road maps («март», «марта», «марте»,
# «мая», «мае»), or abbreviated («янв.», «сент», «нояб.»).
MONTH = (
    r"(?:январ[ьяе]|янв|феврал[ьяе]|февр?|март[ае]?|мар|апрел[ьяе]|апр|ма[йяе]"
    r"|июн[ьяе]?|июл[ьяе]?|август[ае]?|авг|сентябр[ьяе]|сент?|октябр[ьяе]|окт"
    r"|ноябр[ьяе]|нояб?|декабр[ьяе]|дек)\.?(?![а-я])"
)

_MONTH_BY_PREFIX = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip

# The number of a quarter or half-year: «2», «II», «второй», «второе».
ORDINAL = r"(?:\d{1,2}|iv|i{1,3}|перв[а-я]*|втор[а-я]*|трет[а-я]*|четверт[а-я]*)"

_ORDINAL_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}
_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def month_number(word: str) -> int | None:
    """«марта» → 3, «сент.» → 9; None for anything that is not a month word."""
    return _MONTH_BY_PREFIX.get(word.rstrip(".")[:3])


def ordinal_number(token: str) -> int | None:
    """«2» → 2, «ii» → 2, «второе» → 2; None when unknown."""
    if token.isdigit():
        return int(token)
    if token in _ROMAN_VALUES:
        return _ROMAN_VALUES[token]
    return _ORDINAL_WORDS.get(token[:4])


# «постоянно», «на постоянной основе», «в течение всего периода», «весь период», «бессрочно».
CONTINUOUS = re.compile(
    r"постоянн|бессрочн|весь (?:период|срок)|всего (?:периода|срока)"
    r"|(?:в течение|на протяжении) (?:всего )?(?:срока|периода|проекта|реализации)"
)

# «ежемесячно», «еженедельно», «раз в квартал», «2 раза в месяц», «каждый понедельник»,
# «2 понедельник месяца», «по пятницам», «регулярно».
RECURRING = re.compile(
    r"\bеже(?:дневн|недельн|декадн|месячн|квартальн|полугодн|годн)"
    r"|\bраз[аы]? в [а-я0-9]"
    r"|\bкажд[а-я]*"
    r"|\bпо (?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)ам\b"
    r"|\b(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)[а-я]* (?:каждого )?месяц"
    r"|\bрегулярн|\bсистематическ|\bпериодическ"
)

# Periods tied to an event rather than to the calendar: «с момента запуска ИС», «по мере
# поступления», «после …», «по согласованию», «по мере необходимости», «по графику».
EVENT = re.compile(
    r"\bс момента|\bпо мере\b|\bпосле\b|\bпо согласовани|\bпо запрос|\bпо заявк|\bпо необходимост"
    r"|\bпри необходимост|\bпри наличии|\bв случае|\bпо итогам|\bпо результатам|\bпо окончани"
    r"|\bпо завершени|\bпо готовност|\bграфик|\bпо плану|\bв соответствии|\bсогласно\b"
    r"|\bв (?:установленные )?сроки|\bпо факту|\bнакануне|\bперед\b|\bпо приглашени|\bпо решени"
    r"|\bпо распоряжени|\bпо приказ|\bпо требовани|\bпо поручени|\bв ходе|\bв день\b"
)


# ---------------------------------------------------------------- one calendar point


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Point:
    """One calendar unit as written; ``year`` None means «not written»."""

    unit: str  # day, month, quarter, half, year; num (bare 1-2 digits), ord (bare «ii», «второй»)
    year: int | None
    month: int = 1
    day: int = 1
    n: int = 0

    def bounds(self, default_year: int) -> tuple[date, date]:
        year = default_year if self.year is None else self.year
        if self.unit == "day":
            return date(year, self.month, self.day), date(year, self.month, self.day)
        if self.unit == "month":
            return date(year, self.month, 1), last_day(year, self.month)
        size = {"quarter": 3, "half": 6, "year": 12}[self.unit]
        first = size * (max(self.n, 1) - 1) + 1
        return date(year, first, 1), last_day(year, first + size - 1)


def year_number(token: str | None) -> int | None:
    if token is None:
        return None
    value = int(token)
    if len(token) == 2:
        return value + (1900 if value >= 90 else 2000)
    return value


_P_DAYNUM = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2})?)?")
_P_DAYWORD = re.compile(rf"(\d{{1,2}}) ({MONTH})(?: (\d{{4}}))?")
_P_MONTH = re.compile(rf"({MONTH}) ?(\d{{4}})?")  # «март 2022», «март.2022»
_P_MONTH_NUM = re.compile(r"(\d{1,2})\.(\d{4})")  # «03.2022»
_P_YEAR = re.compile(r"\d{4}")
_P_THIS_YEAR = re.compile(r"(?:текущ[а-я]* |этого |календарн[а-я]* )?год[а-я]*")
_P_PART = re.compile(rf"({ORDINAL}) (квартал[а-я]*|кв\.?|полугоди[а-я]*|полгода) ?(\d{{4}})?")
_P_ORD = re.compile(ORDINAL)
PART_LIMIT = {"quarter": 4, "half": 2}


def parse_point(text: str) -> Point | None:
    if m := _P_DAYNUM.fullmatch(text):
        if m[3] is None and len(m[2]) < 2:  # «1.2» is more likely an item number than 1 February
            return None
        return Point("day", year_number(m[3]), int(m[2]), int(m[1]))
    if m := _P_MONTH_NUM.fullmatch(text):
        return Point("month", int(m[2]), int(m[1]))
    if m := _P_DAYWORD.fullmatch(text):
        return Point("day", year_number(m[3]), month_number(m[2]) or 0, int(m[1]))
    if m := _P_MONTH.fullmatch(text):
        return Point("month", year_number(m[2]), month_number(m[1]) or 0)
    if _P_YEAR.fullmatch(text):
        return Point("year", int(text))
    if _P_THIS_YEAR.fullmatch(text):
        return Point("year", None)
    if m := _P_PART.fullmatch(text):
        unit = "half" if m[2].startswith("пол") else "quarter"
        n = ordinal_number(m[1]) or 0
        return Point(unit, year_number(m[3]), n=n) if 1 <= n <= PART_LIMIT[unit] else None
    if _P_ORD.fullmatch(text):
        return Point("num" if text.isdigit() else "ord", None, n=ordinal_number(text) or 0)
    return None
