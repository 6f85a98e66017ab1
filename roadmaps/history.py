"""История карты и мероприятия по полям: кто, когда, что было → что стало (django-simple-history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats

from roadmaps.models import Item, RoadMap

HIDDEN_FIELDS = {
    "version",
    "updated_at",
    "updated_by",
    "period_start",
    "period_end",
    "period_kind",
    "period_flagged",
    "period_checkpoints",
    "period_first_end",
    "roadmap",
    "id",
}
HISTORY_TYPES = {"+": "создано", "~": "изменено", "-": "удалено"}
MAP_HISTORY_LIMIT = 300
HISTORY_PAGE_SIZE = 40  # страница истории карты — не длинная лента на тысячи пикселей


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: object
    action: str
    changes: list[Change] = field(default_factory=list)
    title: str = ""

    @property
    def who(self) -> str:
        user = self.record.history_user
        return user.short_name if user else "система"

    @property
    def when(self) -> datetime:
        return self.record.history_date


def _show(model, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # поле m2m из истории — значения там уже готовые списки
        model_field = None
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, date | datetime):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize())
    if isinstance(value, list):  # m2m: список строк промежуточной таблицы
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _m2m_names(record, name: str) -> list[str]:
    return sorted(
        str(getattr(row, name.removeprefix("responsible_").rstrip("s"), row))
        for row in getattr(record, name).all()
    )


def _changes(model, new, old, *, with_m2m: bool) -> list[Change]:
    m2m = ["responsible_organisations", "responsible_users"] if model is Item else []
    delta = new.diff_against(old, excluded_fields=[*HIDDEN_FIELDS, *m2m])
    changes = [
        Change(_label(model, c.field), _show(model, c.field, c.old), _show(model, c.field, c.new))
        for c in delta.changes
    ]
    if with_m2m:
        for name in m2m:
            before, after = _m2m_names(old, name), _m2m_names(new, name)
            if before != after:
                changes.append(Change(_label(model, name), ", ".join(before) or "—", ", ".join(after) or "—"))
    return changes


def _entries(model, records: list, *, with_m2m: bool) -> list[Entry]:
    """records — версии одного объекта по возрастанию времени; результат — от новых к старым."""
    entries, previous = [], None
    for record in records:
        action = HISTORY_TYPES.get(record.history_type, record.history_type)
        changes = _changes(model, record, previous, with_m2m=with_m2m) if previous is not None else []
        entries.append(Entry(record=record, action=action, changes=changes))
        previous = record
    return list(reversed(entries))


def item_history(item_id: int, roadmap: RoadMap) -> list[Entry]:
    records = list(
        Item.history.filter(id=item_id, roadmap_id=roadmap.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return _entries(Item, records, with_m2m=True)


def roadmap_history(roadmap: RoadMap) -> list[Entry]:
    """Изменения самой карты и всех её мероприятий (и удалённых), от новых к старым."""
    map_records = list(
        RoadMap.history.filter(id=roadmap.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = [*_entries(RoadMap, map_records, with_m2m=False)]
    for entry in entries:
        entry.title = "Карта"
    item_records = list(
        Item.history.filter(roadmap_id=roadmap.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    by_item: dict[int, list] = {}
    for record in item_records:
        by_item.setdefault(record.id, []).append(record)
    for records in by_item.values():
        for entry in _entries(Item, records, with_m2m=False):
            entry.title = _short(entry.record.description)
            entries.append(entry)
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return entries[:MAP_HISTORY_LIMIT]


def deleted_items(roadmap: RoadMap) -> list:
    """Последние версии удалённых мероприятий карты — их можно вернуть."""
    alive = set(roadmap.items.values_list("pk", flat=True))
    latest: dict[int, object] = {}
    for record in Item.history.filter(roadmap_id=roadmap.pk).order_by("history_date", "history_id"):
        latest[record.id] = record
    return [r for item_id, r in latest.items() if item_id not in alive and r.history_type == "-"]


def _short(text: str, limit: int = 90) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass
class RestorePreview:
    """Что изменится, если вернуть версию: поле, как сейчас, как станет."""

    record: object
    changes: list[Change]
    deleted: bool  # мероприятия сейчас нет в карте — оно вернётся
    latest_id: int = 0  # последняя запись истории, с которой сравнивали: подтверждение сверяет её


def restore_preview(*, item_id: int, history_id: int, roadmap: RoadMap) -> RestorePreview | None:
    chosen = (
        Item.history.filter(id=item_id, roadmap_id=roadmap.pk, history_id=history_id)
        .select_related("history_user")
        .first()
    )
    if chosen is None:
        return None
    latest = Item.history.filter(id=item_id).order_by("-history_date", "-history_id").first()
    changes = _changes(Item, chosen, latest, with_m2m=True) if latest.history_id != chosen.history_id else []
    # Номер в карте при возврате не меняется — «Порядок» в предпросмотре только сбивал бы с толку.
    changes = [c for c in changes if c.label != _label(Item, "position")]
    return RestorePreview(
        record=chosen, changes=changes, deleted=latest.history_type == "-", latest_id=latest.history_id
    )
