"""Шкала времени карты по месяцам (диаграмма Ганта) — считается на сервере, рисуется CSS, без CDN."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from roadmaps.periods import PERIOD_KIND_LABELS, PeriodKind
from roadmaps.selectors import MapView, Row

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


@dataclass
class Bar:
    row: Row
    left: float = 0.0  # проценты ширины года
    width: float = 0.0
    style: str = ""  # range / until / open / none
    note: str = ""


@dataclass
class Chart:
    year: int
    months: list[str]
    bars: list[Bar]
    today_left: float | None


def _fraction(day: date, year: int) -> float:
    start = date(year, 1, 1)
    days = 366 if calendar.isleap(year) else 365
    return max(0.0, min(1.0, (day - start).days / days))


def build(view: MapView) -> Chart:
    year = view.roadmap.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    bars = []
    for row in view.rows:
        if row.item is None:
            bars.append(Bar(row=row, style="section"))
            continue
        item = row.item
        kind = item.period_kind
        if item.period_end is None and item.period_start is None:
            label = (
                "постоянно" if kind == PeriodKind.CONTINUOUS else PERIOD_KIND_LABELS.get(PeriodKind(kind), "")
            )
            style = "open" if kind == PeriodKind.CONTINUOUS else "none"
            bars.append(Bar(row=row, left=0, width=100 if style == "open" else 0, style=style, note=label))
            continue
        start = item.period_start or first
        end = item.period_end or last
        if end < first or start > last:
            bars.append(Bar(row=row, style="none", note="вне года карты"))
            continue
        left = _fraction(max(start, first), year)
        right = _fraction(min(end, last), year) + 1 / 365
        style = "until" if item.period_start is None else ("open" if item.period_end is None else "range")
        bars.append(
            Bar(
                row=row,
                left=round(left * 100, 2),
                width=round(max(right - left, 0.006) * 100, 2),
                style=style,
            )
        )
    today = view.today
    today_left = round(_fraction(today, year) * 100, 2) if today and today.year == year else None
    return Chart(year=year, months=MONTHS, bars=bars, today_left=today_left)
