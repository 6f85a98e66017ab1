"""Графики без CDN: SVG собирается на сервере (его же потом вставляет PDF-отчёт)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#9db7ff", "#1f5eff", "#0f1f47", "#f79009", "#067647"]


@dataclass
class Series:
    label: str  # например, «1-й этап (26.06.2026)»
    values: list[float | None]


def _pct(value: float) -> str:
    return f"{value:g}\u00a0%".replace(".", ",")  # по-русски: 67,6 %


def grouped_bars(
    categories: list[str], series: list[Series], *, width: int = 760, title: str = ""
) -> SafeString:
    """Горизонтальные столбики: по строке на показатель, в строке — по столбику на этап. Шкала 0–100 %."""
    label_width, bar_height, gap = 250, 12, 10
    group_height = bar_height * max(len(series), 1) + gap
    legend_height = 22 * ((len(series) + 2) // 3)
    height = legend_height + group_height * len(categories) + 24
    plot = width - label_width - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for index, serie in enumerate(series):
        x, y = 10 + (index % 3) * 250, 14 + 22 * (index // 3)
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="14" height="10" fill="{colour}"/>'
            f'<text x="{x + 20}" y="{y}">{escape(serie.label)}</text>'
        )
    for tick in (0, 25, 50, 75, 100):
        x = label_width + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{legend_height}" x2="{x:.1f}" y2="{height - 18}" stroke="#e3e8ef"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#667085">{tick}%</text>'
        )
    for row, category in enumerate(categories):
        top = legend_height + row * group_height
        parts.append(
            f'<text x="{label_width - 8}" y="{top + group_height / 2}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(category)}</text>'
        )
        for index, serie in enumerate(series):
            value = serie.values[row] if row < len(serie.values) else None
            y = top + index * bar_height
            if value is None:
                parts.append(
                    f'<text x="{label_width + 4}" y="{y + bar_height - 2}" fill="#98a2b3">нет данных</text>'
                )
                continue
            bar = plot * max(0.0, min(value, 100.0)) / 100
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{label_width}" y="{y + 1}" width="{bar:.1f}" height="{bar_height - 2}" '
                f'fill="{colour}"><title>{escape(serie.label)}: {_pct(value)}</title></rect>'
                f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height - 2}">{_pct(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # всё текстовое выше прошло через escape
