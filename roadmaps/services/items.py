"""Разделы и мероприятия: добавить, изменить (с оптимистической блокировкой), переставить, копировать,
удалить, вернуть прежнюю версию. Номера («1.3») не хранятся — они следуют из порядка."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from config.urls_safety import validate_link_lines
from roadmaps.models import Item, ItemStatus, RoadMap, Section
from roadmaps.services.common import EditConflict, apply_period, ensure_editable, figures_changed
from roadmaps.services.versions import one_version, set_positions
from schools.models import Organisation

ITEM_FIELDS = (
    "description",
    "period_text",
    "indicator",
    "indicator_figure",
    "target_kind",
    "target_value",
    "actual_value",
    "responsible_text",
    "links",
    "status",
    "completed_on",
    "status_comment",
)


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _check_section(roadmap: RoadMap, section: Section | None) -> None:
    if section is not None and section.roadmap_id != roadmap.pk:
        raise ValidationError({"section": "Раздел относится к другой дорожной карте."})


def _check_responsibles(roadmap: RoadMap, organisations) -> None:
    if any(org.region_id != roadmap.region_id for org in organisations or ()):
        raise ValidationError(
            {"responsible_organisations": "Ответственная организация — из другого региона."}
        )


def _check_status(status: str, completed_on: date | None) -> date | None:
    if status == ItemStatus.DONE and completed_on is None:
        return date.today()  # отметили «выполнено» без даты — ставим сегодняшнюю, её видно и можно поправить
    return completed_on


# --- Разделы -----------------------------------------------------------------------------------


@transaction.atomic
def section_create(
    *, roadmap: RoadMap, title: str, period_text: str = "", note: str = "", source_number: str = ""
) -> Section:
    ensure_editable(roadmap)
    if not title.strip():
        raise ValidationError({"title": "Укажите название раздела."})
    return Section.objects.create(
        roadmap=roadmap,
        position=_next_position(roadmap.sections),
        title=title.strip(),
        period_text=period_text.strip(),
        note=note.strip(),
        source_number=source_number,
    )


@transaction.atomic
def section_update(*, section: Section, title: str, period_text: str = "", note: str = "") -> Section:
    ensure_editable(section.roadmap)
    if not title.strip():
        raise ValidationError({"title": "Укажите название раздела."})
    section.title, section.period_text, section.note = title.strip(), period_text.strip(), note.strip()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Мероприятия раздела не пропадают: они переходят в конец списка без раздела."""
    roadmap = section.roadmap
    ensure_editable(roadmap)
    start = _next_position(roadmap.items.filter(section=None))
    for offset, item in enumerate(section.items.order_by("position")):
        item.section, item.position = None, start + offset
        item.save(update_fields=["section", "position", "updated_at"])  # у каждого сменился раздел
    section.delete()
    _renumber(roadmap.sections.all())


@transaction.atomic
def section_move(*, section: Section, step: int) -> None:
    ensure_editable(section.roadmap)
    _swap(section, section.roadmap.sections.all(), step)


# --- Мероприятия -------------------------------------------------------------------------------


def _assign(item: Item, fields: dict) -> None:
    for name in ITEM_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(item, name, value.strip() if isinstance(value, str) and name != "description" else value)
    item.description = (item.description or "").strip("\n ")
    try:
        validate_link_lines(item.links)
    except ValidationError as error:
        raise ValidationError({"links": error.messages}) from None
    if not item.description:
        raise ValidationError({"description": "Опишите мероприятие."})
    for name in ("target_value", "actual_value"):
        value = getattr(item, name)
        if value is not None and item.target_kind == "share" and not (Decimal(0) <= value <= Decimal(100)):
            raise ValidationError({name: "Доля — от 0 до 100 %."})
    item.completed_on = _check_status(item.status, item.completed_on)


@transaction.atomic
def item_create(
    *,
    actor: User | None,
    roadmap: RoadMap,
    section: Section | None = None,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
    source_number: str = "",
    **fields,
) -> Item:
    ensure_editable(roadmap)
    _check_section(roadmap, section)
    _check_responsibles(roadmap, organisations)
    item = Item(
        roadmap=roadmap,
        section=section,
        source_number=source_number,
        updated_by=actor,
        position=_next_position(roadmap.items.filter(section=section)),
    )
    _assign(item, fields)
    apply_period(item, year=roadmap.year)
    with one_version(item, "+"):
        item.save()
        if organisations:
            item.responsible_organisations.set(organisations)
        if users:
            item.responsible_users.set(users)
    figures_changed(roadmap)
    return item


UNCHANGED = object()  # раздел не передан — остаётся прежним (а не «без раздела»)


@transaction.atomic
def item_update(
    *,
    actor: User | None,
    item: Item,
    expected_version: int,
    section: Section | object | None = UNCHANGED,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
    **fields,
) -> Item:
    """Сохраняет правку, только если с момента открытия формы мероприятие никто не менял; иначе
    EditConflict с текущим состоянием — чтобы показать чужую правку и не потерять свою."""
    current = Item.objects.select_for_update().select_related("roadmap").get(pk=item.pk)
    ensure_editable(current.roadmap)
    if current.version != expected_version:
        raise EditConflict(current)
    if section is UNCHANGED:
        section = current.section
    _check_section(current.roadmap, section)
    _check_responsibles(current.roadmap, organisations)
    if section != current.section:
        current.section = section
        current.position = _next_position(current.roadmap.items.filter(section=section))
    _assign(current, fields)
    apply_period(current, year=current.roadmap.year)
    current.version += 1  # строка заблокирована select_for_update — гонки здесь нет
    current.updated_by = actor
    with one_version(current):  # поля и оба списка ответственных — одна версия в истории
        current.save()
        if organisations is not None:
            current.responsible_organisations.set(organisations)
        if users is not None:
            current.responsible_users.set(users)
    figures_changed(current.roadmap)
    return current


@transaction.atomic
def item_move(*, item: Item, step: int) -> None:
    ensure_editable(item.roadmap)
    _swap(item, item.roadmap.items.filter(section_id=item.section_id), step)


@transaction.atomic
def item_duplicate(*, actor: User | None, item: Item) -> Item:
    """Копия встаёт сразу под оригиналом; исполнение и подтверждения не копируются."""
    roadmap = item.roadmap
    ensure_editable(roadmap)
    siblings = roadmap.items.filter(section_id=item.section_id, position__gt=item.position)
    set_positions(Item, {pk: position + 1 for pk, position in siblings.values_list("pk", "position")})
    copy = Item(
        roadmap=roadmap,
        section_id=item.section_id,
        position=item.position + 1,
        updated_by=actor,
        **{name: getattr(item, name) for name in ITEM_FIELDS},
    )
    copy.status, copy.completed_on, copy.status_comment, copy.actual_value = (
        ItemStatus.NOT_STARTED,
        None,
        "",
        None,
    )
    apply_period(copy, year=roadmap.year)
    with one_version(copy, "+"):
        copy.save()
        copy.responsible_organisations.set(item.responsible_organisations.all())
        copy.responsible_users.set(item.responsible_users.all())
    figures_changed(roadmap)
    return copy


@transaction.atomic
def item_delete(*, item: Item) -> None:
    roadmap = item.roadmap
    ensure_editable(roadmap)
    section_id = item.section_id
    item.delete()
    _renumber(roadmap.items.filter(section_id=section_id))
    figures_changed(roadmap)


@transaction.atomic
def item_restore(
    *, actor: User | None, item_id: int, history_id: int, roadmap: RoadMap, seen_history_id: int | None = None
) -> Item:
    """Возвращает мероприятие к версии из истории (и удалённое — тоже). Возврат — обычная правка:
    он попадает в историю, версия растёт, а ответственные возвращаются такими, какими были тогда.
    seen_history_id — последняя запись истории, с которой человек видел предпросмотр: если мероприятие
    с тех пор изменили, EditConflict вместо молчаливой перезаписи чужой правки."""
    ensure_editable(roadmap)
    record = Item.history.filter(id=item_id, roadmap_id=roadmap.pk, history_id=history_id).first()
    if record is None:
        raise ValidationError("Такой версии нет.")
    current = Item.objects.select_for_update().filter(pk=item_id).first()
    if seen_history_id is not None:
        latest = Item.history.filter(id=item_id).order_by("-history_date", "-history_id").first()
        if latest is not None and latest.history_id != seen_history_id:
            raise EditConflict(current)
    if current is None:  # удалённое мероприятие возвращается в конец своего раздела (или без раздела)
        section_id = (
            record.section_id
            if Section.objects.filter(pk=record.section_id, roadmap=roadmap).exists()
            else None
        )
        current = Item(
            pk=item_id,
            roadmap=roadmap,
            section_id=section_id,
            position=_next_position(roadmap.items.filter(section_id=section_id)),
            version=0,
        )
    created = current.version == 0
    for name in (*ITEM_FIELDS, "source_number"):
        setattr(current, name, getattr(record, name))
    apply_period(current, year=roadmap.year)
    current.version = (current.version or 0) + 1
    current.updated_by = actor
    current._change_reason = f"Возвращена версия от {record.history_date:%d.%m.%Y %H:%M}"
    with one_version(current, "+" if created else "~"):
        current.save()
        current.responsible_organisations.set(
            Organisation.objects.filter(
                pk__in=record.responsible_organisations.values("organisation_id"), region_id=roadmap.region_id
            )
        )
        current.responsible_users.set(User.objects.filter(pk__in=record.responsible_users.values("user_id")))
    figures_changed(roadmap)
    return current


# --- Порядок -----------------------------------------------------------------------------------


def _renumber(queryset) -> None:
    """Номера после удаления сдвигаются без версий: удаление — одна запись в истории."""
    rows = queryset.order_by("position", "pk").values_list("pk", "position")
    set_positions(queryset.model, {pk: new for new, (pk, old) in enumerate(rows, start=1) if old != new})


def _swap(obj, siblings, step: int) -> None:
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == obj.pk)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return  # первое выше не поднять, последнее ниже не опустить
    ordered[index], ordered[target] = ordered[target], ordered[index]
    # Версию пишет только то, что переставили; сосед, уступивший место, сдвигается без версии.
    moved = {}
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
            if sibling.pk == obj.pk:
                sibling.save(update_fields=["position"])
            else:
                moved[sibling.pk] = position
    set_positions(type(obj), moved)
