"""Разбор сроков дорожных карт: «25-29.01.2021», «до 28.01.2021», «Январь-март 2021», «постоянно»…

Pure Python (no Django): ``parse_period(text, year)`` turns the free Russian text of a road-map
item's period into a :class:`ParsedPeriod` (kind, start, end) and never raises. ``year`` is the
road map's year; it is used wherever the text leaves the year out. Whatever cannot be read with
confidence comes back as ``unparsed`` (never a guessed date), so the UI can flag it.

Before matching, the text is cleaned (``ParsedPeriod.normalized``, at most 2000 characters):
HTML tags are stripped and entities decoded, line breaks/control
characters/runs of spaces become one space, every dash (‐ ‑ ‒ – — ― −) becomes ``-`` with no
spaces around it, letters glued to digits are split («апрель2022» → «апрель 2022»). Matching is
case-insensitive, ё = е, «в течении» (typo) = «в течение», «постоянно й» = «постоянной»,
«1-й»/«2-е» = «1»/«2», year words after a year are ignored («2022 г.», «2022 года», «гг.»),
trailing punctuation is ignored. Days come first (Russian order); two-digit years mean 20yy
(90–99 mean 19yy). Every date must exist (31.02 → unparsed) and lie in 1990–2100.
Below, ¶ marks a line break inside the cell.

================================================ ========== ==============================
Example (map year 2021 unless written)           kind       start – end
================================================ ========== ==============================
25.01.2021 / 25.01.21 / 25.01                    date       25.01.2021
15 апреля 2023 года / 15 апр.                    date       15.04.2023 / 15.04.2021
До 28.01.2021 / не позднее 28.01.2021 / по 28.01 until      … – 28.01.2021
к 15 мая / до 1 марта 2023 г.                    until      … – 15.05.2021 / … – 01.03.2023
до марта (read: before March starts)             until      … – 01.03.2021
по март 2022 (through March) / по II квартал     until      … – 31.03.2022 / … – 30.06.2021
до конца марта / до конца года / до конца II кв. until      … – 31.03 / 31.12 / 30.06.2021
25-29.01.2021 / 17 – 19.02.2021                  range      25.01.2021 – 29.01.2021
18.01-04.02.2022 / 10.03.-02.04.2021             range      18.01.2022 – 04.02.2022
01.11.2021-15.11.2021 / 01.11.21—15.11.21        range      01.11.2021 – 15.11.2021
с 01.02.2021 по 15.02.2021 / с 1 до 15.02        range      01.02.2021 – 15.02.2021
28.12-10.01.2022 (crosses the new year)          range      28.12.2021 – 10.01.2022
Январь-март 2021 / январь- март / январь-¶март   range      01.01.2021 – 31.03.2021
март-апрель2022 / с марта по апрель 2022         range      01.03.2022 – 30.04.2022
декабрь 2021-январь 2022 / декабрь-январь 2022   range      01.12.2021 – 31.01.2022
2021-2023 годы / 2021-2023 гг.                   range      01.01.2021 – 31.12.2023
2022-2023 учебный год / 2022/2023 уч. г.         range      01.09.2022 – 31.08.2023
Сентябрь¶2022 / Июнь  2022 год / в марте         month      01.09.2022 – 30.09.2022
09.2022 / сентябрь.2022 / сент. 2022             month      01.09.2022 – 30.09.2022
февраль 2024 / февраль 2023                      month      01.02.2024 – 29.02.2024 / … – 28.02
2022 / 2022 г. / 2022 год / в 2022 году          year       01.01.2022 – 31.12.2022
В течение(и) 2022 года / В течение года 2022     year       01.01.2022 – 31.12.2022
в течение года / в течение текущего года         year       01.01.2021 – 31.12.2021 (map year)
II квартал 2023 / 2 кв. 2023 / второй квартал    quarter    01.04.2023 – 30.06.2023
I-II квартал 2023 / 1-2 квартал 2023             quarter    01.01.2023 – 30.06.2023
1 полугодие 2022 / II полугодие / 2-е полугодие  quarter    01.01.2022 – 30.06.2022 (6 months)
постоянно / на постоянной основе / бессрочно     continuous None – None
весь период / в течение всего периода            continuous None – None
с 15.03.2021 / постоянно с сентября 2020         continuous 15.03.2021 – None / 01.09.2020 – None
ежемесячно / еженедельно / ежеквартально         recurring  01.01.2021 – 31.12.2021 (the year)
раз в квартал / 2 понедельник месяца / каждый …  recurring  01.01.2021 – 31.12.2021 (the year)
с момента запуска ИС / по мере поступления       event      None – None
после … / по согласованию / по графику           event      None – None
до 22.01.2021 до 08.02.2021 (all «до»)           list       22.01.2021 – 08.02.2021 + parts
25.01.2021, 28.01.2021 / … и … / …; …            list       25.01.2021 – 28.01.2021 + parts
март, октябрь 2026 / март и октябрь 2026         list       01.03.2026 – 31.10.2026 + parts
январь, март, май / 10.03.2026, 15.10.2026       list       each listed period is a part
22.01.01.2021 / 31.02.2021 / 15.13.2021 / 15     unparsed   None – None
1.2 (no year, one-digit month: an item number?)  unparsed   None – None
================================================ ========== ==============================

Choices:

* ``continuous`` has no end; it has a start only when the text gives one («с 15.03.2021»:
  an open-ended period is «from then on»).
* ``recurring`` spans the whole year (the only year written in the text, else the map's year),
  so timelines can draw it.
* ``event`` and ``unparsed`` have no dates and ``needs_attention``.
* both parts of a range are the same unit (day–day, month–month, year–year, quarters/halves);
  «25-29.01» and «I-II квартал» borrow the unit from the second part; «март-15.04.2021» is
  unparsed. A range whose first part has no year takes the year of the second part. If that makes it
  run backwards across the New Year (first part in July–December, second in January–June:
  «28.12-10.01.2022», «ноябрь-февраль 2022») the first part goes to the previous year, but only
  when the second part writes its year. Any other backwards range is unparsed.
* «до марта» is read literally, «before March starts» (end 01.03), like «до 1 марта».
* a school year («2022-2023 учебный год») runs 01.09 – 31.08.
* several dates/periods in one cell (separated by «,», «;», «и», a new «до/к/с», or just by
  spaces after a written date) are a ``list``: «март, октябрь 2026» is two months, not March to
  October. ``parts`` keeps each listed period in date order (its own kind, start, end); ``start``
  is the first part's start (or end) and ``end`` the last part's end, the item's final deadline.
  A part without a year takes the year written in a later part («март, октябрь 2026»: both 2026).
  Several «до …» are checkpoints too («до 22.01 до 08.02 до 22.03.2021»: three deadlines). A bare
  year mixed with other items («декабрь, 2020») is unparsed. How a road-map item uses the parts
  (checkpoints) is described in ``roadmaps.services.common.apply_period``.
* ambiguous text such as «22.01.01.2021» is ``unparsed``: no reading is better than another.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from roadmaps._period_words import (
    CONTINUOUS,
    EVENT,
    MONTH_NAMES,
    PART_LIMIT,
    RECURRING,
    ROMAN,
    Point,
    last_day,
    parse_point,
)

MAX_INPUT_CHARS = 2000  # longer cleaned text is unparsed: a cut-off «25.01.20…» must not become 2020
MAX_RAW_CHARS = 20 * MAX_INPUT_CHARS  # raw text (with HTML) read at most
MIN_YEAR, MAX_YEAR = 1990, 2100


class PeriodKind(StrEnum):
    DATE = "date"
    UNTIL = "until"
    RANGE = "range"
    MONTH = "month"
    YEAR = "year"
    QUARTER = "quarter"
    RECURRING = "recurring"
    LIST = "list"
    CONTINUOUS = "continuous"
    EVENT = "event"
    UNPARSED = "unparsed"


PERIOD_KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.DATE: "дата",
    PeriodKind.UNTIL: "срок до",
    PeriodKind.RANGE: "период",
    PeriodKind.MONTH: "месяц",
    PeriodKind.YEAR: "год",
    PeriodKind.QUARTER: "квартал",
    PeriodKind.RECURRING: "регулярно",
    PeriodKind.LIST: "несколько сроков",
    PeriodKind.CONTINUOUS: "постоянно",
    PeriodKind.EVENT: "по событию",
    PeriodKind.UNPARSED: "не распознано",
}

_SPAN_KINDS = frozenset(
    PeriodKind(kind) for kind in ("date", "until", "range", "month", "year", "quarter", "list")
)


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class ParsedPeriod:
    text: str
    normalized: str
    kind: PeriodKind
    start: date | None
    end: date | None
    # A ``list`` period's listed periods in date order: (kind, start, end); empty for any other kind.
    parts: tuple[tuple[PeriodKind, date | None, date], ...] = ()

    @property
    def needs_attention(self) -> bool:
        return self.kind in (PeriodKind.UNPARSED, PeriodKind.EVENT)

    def outside_year(self, year: int) -> bool:
        return any(day is not None and day.year != year for day in (self.start, self.end))

    def display(self) -> str:
        if self.kind is PeriodKind.LIST:
            return ", ".join(
                ParsedPeriod(self.text, self.normalized, kind, start, end).display()
                for kind, start, end in self.parts
            )
        kind, start, end = self.kind, self.start, self.end
        if kind is PeriodKind.CONTINUOUS:
            if start is None:
                return "постоянно"
            return f"{'постоянно с' if CONTINUOUS.search(self.normalized.lower()) else 'с'} {_fmt(start)}"
        if kind is PeriodKind.RECURRING:
            return self.normalized[:1].lower() + self.normalized[1:]
        if kind is PeriodKind.EVENT:
            return "по событию"
        if kind not in _SPAN_KINDS or end is None:
            return "не распознано"
        if kind is PeriodKind.UNTIL or start is None:
            return f"до {_fmt(end)}"
        if kind is PeriodKind.DATE:
            return _fmt(end)
        if kind is PeriodKind.MONTH:
            return f"{MONTH_NAMES[start.month - 1]} {start.year}"
        if kind is PeriodKind.YEAR:
            return f"{start.year} год"
        halves = "полугод" in self.normalized.lower() or "полгода" in self.normalized.lower()
        if kind is PeriodKind.QUARTER and (text := _quarter_text(start, end, halves)):
            return text
        return f"{_fmt(start)} – {_fmt(end)}"


def span_label(start: date | None, end: date | None) -> str:
    """A stored period in words, without the original text: «до 28.01.2021», «25.01.2021»,
    «март 2026», «2026 год», «01.03.2026 – 15.04.2026», «с 15.03.2021»."""
    if start is None and end is None:
        return ""
    if end is None:
        return f"с {_fmt(start)}"
    if start is None:
        return f"до {_fmt(end)}"
    if start == end:
        return _fmt(end)
    whole_months = start.day == 1 and end == last_day(end.year, end.month)
    if whole_months and (start.year, start.month) == (end.year, end.month):
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    if whole_months and (start.month, end.month) == (1, 12) and start.year == end.year:
        return f"{start.year} год"
    return f"{_fmt(start)} – {_fmt(end)}"


def _quarter_text(start: date, end: date, halves: bool) -> str | None:
    """«II квартал 2023», «I–III квартал 2023», «II полугодие 2022»; None if not whole quarters."""
    if start.year != end.year or start.day != 1 or end != last_day(end.year, end.month):
        return None
    first, last = start.month, end.month
    if halves and first in (1, 7) and last - first == 5:
        return f"{ROMAN[(first + 5) // 6]} полугодие {start.year}"
    if (first - 1) % 3 or last % 3:
        return None
    q1, q2 = (first + 2) // 3, last // 3
    quarters = ROMAN[q1] if q1 == q2 else f"{ROMAN[q1]}–{ROMAN[q2]}"
    return f"{quarters} квартал {start.year}"


# ---------------------------------------------------------------- normalisation

_TAG = re.compile(r"<[^<>]*>")
_DASHES = re.compile(r"[\u2010-\u2015\u2043\u2212\ufe58\ufe63\uff0d]")
_DASH_SPACES = re.compile(r" ?- ?")  # after spaces are collapsed: stays linear
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_SPACES = re.compile(r" {2,}")


def _normalize(text: str) -> str:
    cleaned = _TAG.sub(" ", html.unescape(text[:MAX_RAW_CHARS]))
    cleaned = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in cleaned)
    cleaned = _DASH_SPACES.sub("-", _SPACES.sub(" ", _DASHES.sub("-", cleaned)))
    cleaned = _SPACES.sub(" ", _LETTER_DIGIT.sub(" ", cleaned))
    return cleaned.strip().lstrip("-•·* ").strip()


_KEY_FIXES = (
    (re.compile(r"(?<![a-zа-я])c(?![a-zа-я])"), "с"),  # Latin «c» typed for «с»
    (re.compile(r"в течении\b"), "в течение"),
    (re.compile(r"постоянно й\b"), "постоянной"),
    (re.compile(r"г\.г\."), "гг."),
    (re.compile(r"(\d)-(?:ы?й|ой|ий|ое|ее|е|я|ая|го|м)(?![а-я])"), r"\1"),  # «1-й», «2-е»
    (re.compile(r"(\d) ?(?:гг?\.?|год(?:а|у|ы|ов)?)(?![а-я])"), r"\1"),  # «2022 г.», «2022 года»
    (re.compile(r"(?<![а-я])год(?:а|у)? (\d{4})(?!\d)"), r"\1"),  # «в течение года 2022»
)


def _key(normalized: str) -> str:
    key = "".join(ch for ch in normalized.lower() if unicodedata.category(ch) != "So")  # emoji, ✓, №
    key = key.replace("ё", "е")
    for pattern, replacement in _KEY_FIXES:
        key = pattern.sub(replacement, key)
    return _SPACES.sub(" ", key).strip(" .,;:!?)»\"'").lstrip("(«\"' ")


# ---------------------------------------------------------------- points and spans


class _Span(NamedTuple):
    kind: PeriodKind
    start: date | None
    end: date | None
    parts: tuple = ()


def _point_span(text: str, year: int) -> _Span | None:
    point = parse_point(text)
    if point is None or point.unit in ("num", "ord"):
        return None
    start, end = point.bounds(year)
    kind = {"day": PeriodKind.DATE, "month": PeriodKind.MONTH, "year": PeriodKind.YEAR}
    return _Span(kind.get(point.unit, PeriodKind.QUARTER), start, end)


def _range(left_text: str, right_text: str, year: int) -> _Span | None:
    left, right = parse_point(left_text), parse_point(right_text)
    if left is None or right is None or right.unit in ("num", "ord"):
        return None
    if left.unit in ("num", "ord"):  # «25-29.01.2021», «I-II квартал 2023», «с 1 по 15 марта»
        if left.unit == "num" and right.unit == "day":
            left = Point("day", None, right.month, left.n)
        elif right.unit in PART_LIMIT and 1 <= left.n <= PART_LIMIT[right.unit]:
            left = Point(right.unit, None, n=left.n)
        else:
            return None
    parts = left.unit in PART_LIMIT and right.unit in PART_LIMIT
    if left.unit != right.unit and not parts:  # «05 июнь-2021», «года-июнь»: no sure reading
        return None
    if left.unit == "year" and None in (left.year, right.year):  # «2021-года»
        return None
    inherited = left.year is None and right.year is not None
    if left.year is None:
        left.year = right.year
    right_start, end = right.bounds(year)
    start = left.bounds(year)[0]
    if start > end and inherited and start.month >= 7 and right_start.month <= 6:
        left.year = right_start.year - 1  # «28.12-10.01.2022»: across the New Year
        start = left.bounds(year)[0]
    if start > end:
        return None
    return _Span(PeriodKind.QUARTER if parts else PeriodKind.RANGE, start, end)


_PREFIX = re.compile(r"(?:в течение|на протяжении|в период|в срок|срок|весь|всего|в|во|на) ")
_SINCE = re.compile(r"(?:начиная с|не ранее|с|со) ")
_UNTIL = re.compile(r"(?:до|не позднее|не позже|к|(по)) (?:(конца|концу|окончания) )?")
_SINCE_END = re.compile(r" (?:по|до) ")
_SCHOOL_YEAR = re.compile(r"(\d{4})[-/](\d{4}) (?:уч\.?|учебн[а-я]*) ?(?:гг?\.?|год[а-я]*)")


def _parse_item(text: str, year: int) -> _Span | None:
    """One period: a date, a month, a range, «до …», «с …», «с … по …»."""
    try:
        while m := _PREFIX.match(text):
            text = text[m.end() :]
        if m := _SCHOOL_YEAR.fullmatch(text):
            first, second = int(m[1]), int(m[2])
            if second != first + 1:
                return None
            return _Span(PeriodKind.RANGE, date(first, 9, 1), date(second, 8, 31))
        if m := _SINCE.match(text):
            rest = text[m.end() :]
            if sep := _SINCE_END.search(rest):
                return _range(rest[: sep.start()], rest[sep.end() :], year)
            point = parse_point(rest)
            if point is None or point.unit in ("num", "ord"):
                return None
            return _Span(PeriodKind.CONTINUOUS, point.bounds(year)[0], None)
        if m := _UNTIL.match(text):
            point = parse_point(text[m.end() :])
            if point is None or point.unit in ("num", "ord"):
                return None
            if m[1] or m[2] or point.unit == "day":  # «по март», «до конца марта», «до 15.03»
                return _Span(PeriodKind.UNTIL, None, point.bounds(year)[1])
            if point.unit == "month":  # «до марта»: before March starts
                return _Span(PeriodKind.UNTIL, None, point.bounds(year)[0])
            return None
        if text.count("-") == 1:
            left, right = text.split("-")
            return _range(left, right, year)
        return _point_span(text, year)
    except ValueError:  # a date that does not exist: 31.02, 15.13, year 0
        return None


_STRONG_SEPARATOR = re.compile(r" ?[,;] ?| и ")
# a new «до/к/с», or a space right after a written date or year: «25.01.2021 28.01.2021», «… 2021 март»
_WEAK_SEPARATOR = re.compile(r" (?=(?:до|к|с|не позднее) )|(?<=\d\.\d\d) |(?<=\d\.\d{4}) |(?<=[а-я] \d{4}) ")


_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:\d{4}|\d\d?\.\d\d?\.\d\d)(?!\d)")


def _later_years(chunks: list[str], year: int) -> list[int]:
    """For each chunk, the year written in it or in the nearest later chunk (else the map's year):
    «март, октябрь 2026» — March is 2026 too, whatever the map's year."""
    years, following = [], year
    for chunk in reversed(chunks):
        for m in reversed(list(_WRITTEN_YEAR.finditer(chunk))):
            token = m[0].rsplit(".", 1)[-1]
            following = int(token) if len(token) == 4 else 2000 + int(token)
            break
        years.append(following)
    return years[::-1]


def _parse_several(text: str, year: int) -> _Span | None:
    """Several periods in one cell: a ``list`` of them (several «до …» too: each is a checkpoint)."""
    spans: list[_Span] = []
    chunks = [chunk for chunk in _STRONG_SEPARATOR.split(text) if chunk]
    for chunk, chunk_year in zip(chunks, _later_years(chunks, year), strict=True):
        if (span := _parse_item(chunk, chunk_year)) is not None:
            spans.append(span)
            continue
        parts = _WEAK_SEPARATOR.split(chunk)
        if len(parts) < 2:
            return None
        for part, part_year in zip(parts, _later_years(parts, chunk_year), strict=True):
            if (span := _parse_item(part, part_year)) is None:
                return None
            spans.append(span)
    if len(spans) < 2 or any(span.kind not in _SPAN_KINDS or span.end is None for span in spans):
        return None
    years = [span.kind is PeriodKind.YEAR for span in spans]
    if any(years) and not all(years):  # «декабрь, 2020» is December 2020, not 2020–December
        return None
    latest = max(span.end for span in spans if span.end)
    parts = sorted({(span.kind, span.start, span.end) for span in spans}, key=lambda p: (p[2], p[1] or p[2]))
    if len(parts) == 1:  # «25.01.2021, 25.01.2021»
        return _Span(*parts[0])
    earliest = min(start or end for _kind, start, end in parts)
    return _Span(PeriodKind.LIST, earliest, latest, tuple(parts))


_SINCE_INSIDE = re.compile(r"(?:^| )(?:начиная с|с|со) (.+)$")


def _since_start(key: str, year: int) -> date | None:
    """The start of «постоянно с 01.02.2021», «на постоянной основе с сентября 2020»."""
    if (since := _SINCE_INSIDE.search(key)) is None:
        return None
    words = since[1].split(" ")
    for size in (3, 2, 1):  # «15 апреля 2023», «сентября 2020», «01.02.2021»
        point = parse_point(" ".join(words[:size])) if len(words) >= size else None
        if point is not None and point.unit not in ("num", "ord"):
            return point.bounds(year)[0]  # an impossible date raises: the cell becomes unparsed
    return None


_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _parse(normalized: str, year: int) -> _Span | None:
    key = _key(normalized)
    if not key:
        return None
    if CONTINUOUS.search(key):
        return _Span(PeriodKind.CONTINUOUS, _since_start(key, year), None)
    if RECURRING.search(key):
        years = set(_FOUR_DIGITS.findall(key))
        within = int(years.pop()) if len(years) == 1 else year
        return _Span(PeriodKind.RECURRING, date(within, 1, 1), date(within, 12, 31))
    if EVENT.search(key):
        return _Span(PeriodKind.EVENT, None, None)
    return _parse_item(key, year) or _parse_several(key, year)


def _plausible(span: _Span) -> bool:
    days = [day for day in (span.start, span.end) if day is not None]
    if any(not MIN_YEAR <= day.year <= MAX_YEAR for day in days):
        return False
    return span.start is None or span.end is None or span.start <= span.end


def parse_period(text: str, year: int) -> ParsedPeriod:
    """Parse a road-map period written in Russian; ``year`` is the road map's year. Never raises."""
    source = text if isinstance(text, str) else ("" if text is None else str(text))
    try:
        normalized = _normalize(source)
    except Exception:  # last-resort guard: the parser must never raise
        normalized = ""
    complete = len(source) <= MAX_RAW_CHARS and len(normalized) <= MAX_INPUT_CHARS
    normalized = normalized[:MAX_INPUT_CHARS]
    try:
        span = _parse(normalized, int(year)) if complete else None
    except Exception:  # last-resort guard (e.g. an out-of-range map year)
        span = None
    if span is None or not _plausible(span):
        span = _Span(PeriodKind.UNPARSED, None, None)
    return ParsedPeriod(source, normalized, span.kind, span.start, span.end, span.parts)
