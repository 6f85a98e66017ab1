"""Черновик дорожной карты → база. Пишем только через roadmaps.services (история, разбор сроков,
флаги «срок требует внимания» — как при вводе в интерфейсе).

Карта одного владельца на год одна, поэтому повторный импорт по умолчанию ничего не делает и
возвращает уже загруженную карту, а с ``replace=True`` заменяет её целиком — в одной транзакции:
если новая не записалась, старая остаётся.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from config.plural import CHARS, CHARS_GEN, ru_count
from roadmaps.importers.drafts import MUNICIPAL, REGIONAL, MapDraft
from roadmaps.importers.responsibles import match_responsibles
from roadmaps.models import Item, Level, RoadMap, Section
from roadmaps.services import item_create, roadmap_create, section_create
from schools.models import Municipality, Organisation, Region


def _owner(
    draft: MapDraft, region: Region | None, municipality: Municipality | None
) -> tuple[str, Region, Municipality | None]:
    """Уровень и владелец карты: уровень — из документа, а если он молчит — по тому, что указали."""
    level = draft.level or (MUNICIPAL if municipality is not None else REGIONAL)
    if level == MUNICIPAL:
        if municipality is None:
            raise ValidationError("Документ — муниципальная дорожная карта: укажите муниципалитет.")
        if region is not None and municipality.region_id != region.pk:
            raise ValidationError(f"Муниципалитет «{municipality}» — не из региона «{region}».")
        return Level.MUNICIPAL, municipality.region, municipality
    if level == REGIONAL:
        if region is None:
            raise ValidationError("Документ — региональная дорожная карта: укажите регион.")
        if municipality is not None:
            raise ValidationError("Документ — региональная дорожная карта, а указан муниципалитет.")
        return Level.REGIONAL, region, None
    raise ValidationError("Школьные дорожные карты из текста пока не загружаются.")


def _year(draft: MapDraft) -> int:
    if draft.year is None:
        raise ValidationError("В документе не найден год карты — укажите его явно.")
    return draft.year


def find_existing(
    draft: MapDraft, *, region: Region | None = None, municipality: Municipality | None = None
) -> RoadMap | None:
    """Карта того же уровня, владельца и года, если она уже есть."""
    level, region, municipality = _owner(draft, region, municipality)
    return RoadMap.objects.filter(
        level=level, region=region, municipality=municipality, school=None, year=_year(draft)
    ).first()


# Поля, которые в базе короче, чем может оказаться ячейка документа: лучше ясная ошибка, чем обрезка.
def _length_problems(draft: MapDraft) -> list[str]:
    limits = (
        (draft.title, RoadMap, "title", "заголовок карты"),
        (draft.approval_document, RoadMap, "approval_document", "утверждающий документ"),
        (draft.approval_number, RoadMap, "approval_number", "номер документа"),
    )
    problems = [
        f"{label}: {ru_count(len(value), *CHARS)}, можно {model._meta.get_field(name).max_length}"
        for value, model, name, label in limits
        if len(value) > model._meta.get_field(name).max_length
    ]
    for section in draft.sections:
        for value, name, label in (
            (section.title, "title", "название"),
            (section.period_text, "period_text", "срок"),
        ):
            limit = Section._meta.get_field(name).max_length
            if len(value) > limit:
                problems.append(
                    f"раздел {section.source_number or section.title[:30]}: "
                    f"{label} длиннее {ru_count(limit, *CHARS_GEN)}"
                )
        for item in section.items:
            for value, name, label in (
                (item.source_number, "source_number", "номер"),
                (item.period_text, "period_text", "срок"),
                (item.responsible_text, "responsible_text", "ответственные"),
            ):
                limit = Item._meta.get_field(name).max_length
                if len(value) > limit:
                    where = item.source_number or item.description[:40]
                    problems.append(f"мероприятие «{where}»: {label} длиннее {ru_count(limit, *CHARS_GEN)}")
    return problems


@transaction.atomic
def import_draft(
    draft: MapDraft,
    *,
    region: Region | None = None,
    municipality: Municipality | None = None,
    actor: User | None = None,
    replace: bool = False,
) -> RoadMap:
    """Записать черновик как дорожную карту. Уже есть карта этого владельца на этот год — вернуть её
    (``replace=False``) или удалить и записать заново (``replace=True``)."""
    level, region, municipality = _owner(draft, region, municipality)
    year = _year(draft)
    existing = (
        RoadMap.objects.select_for_update()
        .filter(level=level, region=region, municipality=municipality, school=None, year=year)
        .first()
    )
    if existing is not None and not replace:
        return existing
    if problems := _length_problems(draft):
        raise ValidationError(["Документ не помещается в карту:", *problems])
    if existing is not None:
        existing.delete()

    roadmap = roadmap_create(
        actor=actor,
        level=level,
        year=year,
        region=region,
        municipality=municipality,
        title=draft.title,
        approval_document=draft.approval_document,
        approval_date=draft.approval_date,
        municipal_deadline=draft.municipal_deadline,
        source_name=draft.source_name,
    )
    if draft.approval_number:  # roadmap_create номера документа не принимает — дописываем сразу следом
        roadmap.approval_number = draft.approval_number
        roadmap.save(update_fields=["approval_number", "updated_at"])

    write_sections(roadmap, draft, actor=actor)
    return roadmap


def write_sections(roadmap: RoadMap, draft: MapDraft, *, actor: User | None) -> int:
    """Разделы и мероприятия черновика — в конец карты, через сервисы (история, разбор сроков).
    Ответственные сопоставляются с организациями региона карты. Возвращает число мероприятий."""
    organisations = list(Organisation.objects.filter(region=roadmap.region_id))
    count = 0
    for section_draft in draft.sections:
        section = None
        if section_draft.title:  # раздел без названия — это мероприятия вне разделов
            section = section_create(
                roadmap=roadmap,
                title=section_draft.title,
                period_text=section_draft.period_text,
                note=section_draft.note,
                source_number=section_draft.source_number,
            )
        for item in section_draft.items:
            matched, _unmatched = match_responsibles(item.responsible_text, organisations)
            item_create(
                actor=actor,
                roadmap=roadmap,
                section=section,
                organisations=matched,
                source_number=item.source_number,
                description=item.description,
                period_text=item.period_text,
                indicator=item.indicator,
                responsible_text=item.responsible_text,
                links=item.links,
            )
            count += 1
    return count
