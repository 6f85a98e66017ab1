"""Общее для записи дорожных карт: разбор срока и ошибки, которые понимает интерфейс."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from roadmaps.models import Item, RoadMap
from roadmaps.periods import PeriodKind, parse_period


class EditConflict(Exception):
    """Мероприятие успели изменить с тех пор, как человек открыл форму. Несёт текущее состояние."""

    def __init__(self, current: Item):
        super().__init__("Мероприятие изменено другим пользователем")
        self.current = current


def ensure_editable(roadmap: RoadMap) -> None:
    """Проверка по базе, а не по объекту в памяти: карту могли утвердить секунду назад. Строка карты
    блокируется до конца транзакции, так что правка и утверждение не проскочат друг мимо друга."""
    current = RoadMap.objects.select_for_update().only("level", "status").get(pk=roadmap.pk)
    roadmap.status = current.status
    if current.is_locked:
        raise ValidationError(
            "Карта утверждена и закрыта для правки. Попросите регионального координатора открыть её снова."
        )


def figures_changed(roadmap: RoadMap) -> None:
    """Показатели региона карты за её год устарели (monitoring.rollup пересчитает после коммита), и
    подсказки сверки региона за год тоже (alignment.suggestions через крючок) — их меняет та же запись."""
    from hooks.figures import alignment_suggestions_changed, rollup_mark_dirty

    rollup_mark_dirty(region_ids=[roadmap.region_id], years=[roadmap.year])
    alignment_suggestions_changed(roadmap=roadmap)


def apply_period(item: Item, *, year: int) -> None:
    """Срок хранится как написан, рядом — разобранные даты и флаг «требует внимания»: срок не указан,
    не распознан, «по событию» или выходит за год карты (у «постоянно» начало может быть раньше —
    это норма)."""
    parsed = parse_period(item.period_text or "", year)
    item.period_start, item.period_end, item.period_kind = parsed.start, parsed.end, parsed.kind.value
    if not (item.period_text or "").strip():
        item.period_flagged = True
    elif parsed.kind == PeriodKind.CONTINUOUS:
        item.period_flagged = False
    else:
        item.period_flagged = parsed.needs_attention or parsed.outside_year(year)
