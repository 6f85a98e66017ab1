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
    подсказки сверки региона за год тоже (alignment.suggestions) — их меняет та же запись пунктов."""
    from hooks.figures import alignment_suggestions_changed, rollup_mark_dirty

    rollup_mark_dirty(region_ids=[roadmap.region_id], years=[roadmap.year])
    alignment_suggestions_changed(roadmap=roadmap)


def apply_period(item: Item, *, year: int) -> None:
    """Срок хранится как написан, рядом — разобранные даты и флаг «требует внимания»: срок не указан,
    не распознан, «по событию» или выходит за год карты (у «постоянно» начало может быть раньше —
    это норма).

    Несколько сроков в одной ячейке («март, октябрь 2026», «10.03.2026, 15.10.2026») — контрольные
    точки: срок мероприятия (period_end) — последняя, period_first_end — окончание первой. Просрочено
    мероприятие, если первая точка прошла, а работа не начата, или последняя прошла без «выполнено»
    (roadmaps.selectors.is_overdue)."""
    parsed = parse_period(item.period_text or "", year)
    item.period_start, item.period_end, item.period_kind = parsed.start, parsed.end, parsed.kind.value
    item.period_checkpoints = [
        [start.isoformat() if start else None, end.isoformat()] for _kind, start, end in parsed.parts
    ]
    item.period_first_end = parsed.parts[0][2] if parsed.parts else parsed.end
    if not (item.period_text or "").strip():
        item.period_flagged = True
    elif parsed.kind == PeriodKind.CONTINUOUS:
        item.period_flagged = False
    else:
        item.period_flagged = parsed.needs_attention or parsed.outside_year(year)
