"""Картинки национальной панели без CDN: столбики регионов по ходу работы и карта-плитка 85 субъектов
(по квадрату на регион, уложены примерно как на карте страны). SVG собирается на сервере — его же
вставляет PDF-отчёт, поэтому ссылки и подписи — обычные элементы SVG."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Ряды плиток с запада на восток, с севера на юг: (первый столбец, коды субъектов; None — пропуск).
TILE_ROWS: tuple[tuple[int, tuple[int | None, ...]], ...] = (
    (3, (51, None, None, None, None, None, None, None, None, None, None, None, 87)),
    (2, (10, 29, 83, 11, 89, None, 24, None, 14, None, 49, 41)),
    (0, (39, 78, 47, 35, 43, 86, 70, None, None, 27, 65)),
    (1, (60, 53, 76, 44, 12, 59, 72, 54, 42, 38, 28, 79, 25)),
    (1, (67, 69, 33, 37, 52, 18, 66, 55, 22, 19, 17, 75, 3)),
    (1, (32, 40, 77, 50, 21, 16, 2, 74, 45, 4)),
    (1, (57, 71, 62, 13, 73, 63, 56)),
    (1, (46, 48, 68, 58, 64)),
    (1, (31, 36, 61, 34, 30)),
    (0, (92, 91, 23, 26, 8, 5)),
    (2, (1, 9, 7, 15, 6, 20)),
)
TILE_POSITIONS: dict[int, tuple[int, int]] = {
    code: (start + offset, row)
    for row, (start, codes) in enumerate(TILE_ROWS)
    for offset, code in enumerate(codes)
    if code is not None
}
SCALE = ((25, "#f04438"), (50, "#f79009"), (75, "#9db7ff"), (101, "#067647"))
NO_DATA = "#e3e8ef"


@dataclass
class RegionValue:
    region_id: int
    code: str
    name: str
    value: float | None  # доля, %


def _colour(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return next(colour for limit, colour in SCALE if value < limit)


def _pct(value: float | None) -> str:
    return "нет данных" if value is None else f"{value:g}\u00a0%".replace(".", ",")


def _link(region_id: int) -> str:
    return reverse("monitoring:region", kwargs={"region_id": region_id})


# role="group", не "img": внутри — ссылки на регионы, а у картинки не может быть интерактивных частей (axe).


def region_bars(values: list[RegionValue], *, title: str, width: int = 760) -> SafeString:
    """Регионы от самых отстающих к передовым: горизонтальный столбик доли на строку, подпись — ссылка."""
    ordered = sorted(values, key=lambda v: (v.value is not None, v.value or 0, v.name))
    label_width, row_height = 230, 16
    height = row_height * len(ordered) + 26
    plot = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="11">'
        f"<title>{escape(title)}</title>"
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" stroke="#e3e8ef"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#667085">{tick}%</text>'
        )
    for row, item in enumerate(ordered):
        y = row * row_height
        bar = plot * max(0.0, min(item.value or 0.0, 100.0)) / 100
        parts.append(
            f'<a href="{_link(item.region_id)}"><text x="{label_width - 6}" y="{y + 12}" text-anchor="end">'
            f"{escape(item.name)}</text></a>"
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="{row_height - 5}" '
            f'fill="{_colour(item.value)}"><title>{escape(item.name)}: {_pct(item.value)}</title></rect>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + 12}">{_pct(item.value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # текст прошёл через escape


def tile_map(values: list[RegionValue], *, title: str, tile: int = 40) -> SafeString:
    """Карта-плитка: квадрат на субъект по его месту в стране, цвет — доля, квадрат — ссылка на регион.
    Регион с кодом вне раскладки (новый субъект) встаёт в нижний ряд — не пропадает."""
    by_code = {int(v.code): v for v in values if v.code.isdigit()}
    positions = dict(TILE_POSITIONS)
    extra_row = len(TILE_ROWS)
    for index, code in enumerate(sorted(set(by_code) - set(positions))):
        positions[code] = (index, extra_row)
    cols = max(x for x, _ in positions.values()) + 1
    rows = max(y for _, y in positions.values()) + 1
    legend = 24
    width, height = cols * tile + 2, rows * tile + legend + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="10">'
        f"<title>{escape(title)}</title>"
    ]
    for index, (label, colour) in enumerate(
        [
            ("меньше 25 %", SCALE[0][1]),
            ("25–50 %", SCALE[1][1]),
            ("50–75 %", SCALE[2][1]),
            ("75 % и больше", SCALE[3][1]),
            ("нет в программе", NO_DATA),
        ]
    ):
        x = 4 + index * 130
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="14">{label}</text>'
        )
    for code, (x, y) in sorted(positions.items()):
        left, top = x * tile + 1, y * tile + legend + 1
        item = by_code.get(code)
        name = escape(item.name) if item else f"Субъект {code:02d}"
        colour = _colour(item.value) if item else NO_DATA
        text_colour = "#ffffff" if item and item.value is not None and item.value >= 75 else "#101828"
        square = (
            f'<rect x="{left}" y="{top}" width="{tile - 2}" height="{tile - 2}" rx="3" fill="{colour}">'
            f"<title>{name}: {_pct(item.value if item else None)}"
            f"</title></rect>"
            f'<text x="{left + tile / 2 - 1}" y="{top + tile / 2 + 3}" text-anchor="middle" '
            f'fill="{text_colour}">{code:02d}</text>'
        )
        parts.append(f'<a href="{_link(item.region_id)}">{square}</a>' if item else square)
    parts.append("</svg>")
    return mark_safe("".join(parts))
