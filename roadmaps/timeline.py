"""Шкала времени карты по месяцам (диаграмма Ганта) — считается на сервере, рисуется CSS, без CDN."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

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
    # Несколько контрольных сроков («март, октябрь 2026») — отдельные отрезки (left, width), а не один
    # сплошной от первого до последнего.
    segments: list[tuple[float, float]] = field(default_factory=list)


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


def _segment(start: date, end: date, year: int) -> tuple[float, float]:
    """Отрезок шкалы года в процентах: (слева, ширина), не уже 0,6 %, чтобы день был виден."""
    left = _fraction(max(start, date(year, 1, 1)), year)
    right = _fraction(min(end, date(year, 12, 31)), year) + 1 / 365
    return round(left * 100, 2), round(max(right - left, 0.006) * 100, 2)


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
            width = 100 if style == "open" else 0
            segments = [(0.0, 100.0)] if width else []
            bars.append(Bar(row=row, left=0, width=width, style=style, note=label, segments=segments))
            continue
        start = item.period_start or first
        end = item.period_end or last
        if end < first or start > last:
            bars.append(Bar(row=row, style="none", note="вне года карты"))
            continue
        style = "until" if item.period_start is None else ("open" if item.period_end is None else "range")
        spans, previous_end = [], None
        for part_start, part_end in item.checkpoints:  # «до …» тянется от предыдущей точки, не с 1 января
            spans.append(
                (part_start or (previous_end + timedelta(days=1) if previous_end else first), part_end)
            )
            previous_end = part_end
        spans = spans or [(start, end)]
        segments = [
            _segment(part_start, part_end, year)
            for part_start, part_end in spans
            if part_end >= first and part_start <= last
        ]
        left, width = segments[0][0], round(segments[-1][0] + segments[-1][1] - segments[0][0], 2)
        bars.append(Bar(row=row, left=left, width=width, style=style, segments=segments))
    today = view.today
    today_left = round(_fraction(today, year) * 100, 2) if today and today.year == year else None
    return Chart(year=year, months=MONTHS, bars=bars, today_left=today_left)
