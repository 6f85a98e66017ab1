"""Блок «не отражены пункты региональной карты» на странице муниципальной карты (отдельный include)."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

import access as scoping
from alignment.selectors import municipal_map_check
from roadmaps.models import Level

register = template.Library()


def gaps_context(*, user, roadmap) -> dict:
    """Проверяющему и автору карты: какие адресованные муниципалитетам пункты региональной карты
    ещё не отражены в этой карте (для фрагмента alignment:gaps)."""
    if roadmap.level != Level.MUNICIPAL:
        return {}
    if not (scoping.can_review_roadmap(user, roadmap) or scoping.can_edit_roadmap(user, roadmap)):
        return {}
    alignment = municipal_map_check(user=user, roadmap=roadmap)
    if alignment.regional_map is None:
        return {"roadmap": roadmap, "no_regional_map": True}
    missing = [row for row in alignment.rows if row.gaps]
    return {"roadmap": roadmap, "missing": missing, "total": len(alignment.rows), "shown": True}


@register.inclusion_tag("alignment/_gaps.html", takes_context=True)
def municipal_gaps(context, roadmap):
    """На странице карты: у региональной — ссылка на сводную сверку; у муниципальной — место, куда
    сверка подгружается отдельным запросом (страница карты не платит за неё запросами и временем)."""
    user = context["request"].user
    if roadmap.level == Level.REGIONAL:
        return {"roadmap": roadmap, "regional_link": scoping.can_view_alignment(user, roadmap.region)}
    if roadmap.level != Level.MUNICIPAL:
        return {}
    return {"roadmap": roadmap, "lazy": True}


# --- Ячейка сводной таблицы: собирается в Python — ячеек сотни, цикл шаблона с include был бы
# основной долей времени страницы (замер: 240 ячеек — ~0,4 с шаблоном против ~0,03 с здесь).


@lru_cache(maxsize=4096)  # адрес карты по id не меняется
def _map_url(roadmap_id: int) -> str:
    return reverse("roadmaps:detail", args=[roadmap_id])


@lru_cache(maxsize=4096)
def _check_url(roadmap_id: int) -> str:
    return reverse("alignment:map", args=[roadmap_id])


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Один и тот же муниципальный пункт подсказывается во многих ячейках (и в соседних запросах): его HTML
# собирается один раз. Ключ — всё, что попадает в разметку, так что устаревшей разметки не бывает.
@lru_cache(maxsize=8192)
def _answer_markup(pk: int, roadmap_id: int, number: str, description: str, state: str, label: str) -> str:
    text = escape(f"{number} " if number else "") + escape(_short(description, 90))
    return (
        f'<span class="answer state-{escape(state)}"><a href="{_map_url(roadmap_id)}#item-{pk}">{text}</a> '
        f'<span class="badge st-{escape(state)}">{escape(label)}</span></span>'
    )


def answer_html(answer) -> str:
    item = answer.item
    return mark_safe(
        _answer_markup(
            item.pk,
            item.roadmap_id,
            item.source_number or "",
            item.description,
            answer.state,
            answer.state_label,
        )
    )


@register.simple_tag
def alignment_cell(cell) -> str:
    if cell.roadmap is None:
        return mark_safe('<span class="muted small">карта не заведена</span>')
    parts = [answer_html(answer) for answer in cell.answers]
    if cell.is_gap:
        parts.append('<span class="muted small">не отражено</span>')
        parts += [f'<div class="suggestion small">похоже: {answer_html(a)}</div>' for a in cell.suggestions]
        parts.append(f'<div><a class="small" href="{_check_url(cell.roadmap.pk)}">сверить</a></div>')
    return mark_safe("".join(parts))


@register.simple_tag
def alignment_row_cells(row) -> str:
    """Все ячейки строки одним тегом: цикл шаблона по сотням ячеек тоже стоит заметного времени."""
    cells = [
        f'<td class="cell{" gap" if cell.is_gap else ""}" data-municipality="{cell.municipality.pk}">'
        f"{alignment_cell(cell)}</td>"
        for cell in row.cells
    ]
    return mark_safe("".join(cells))
