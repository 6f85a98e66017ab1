"""Создание карты, её свойств и копия карты прошлого года."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from roadmaps.models import Item, ItemStatus, Level, RoadMap, Section
from roadmaps.services.common import apply_period, figures_changed
from schools.models import Municipality, Region, School

DEFAULT_TITLES = {
    Level.REGIONAL: "План-график (дорожная карта) региональных мероприятий по проекту адресной методической "
    "помощи 500+ на {year} год",
    Level.MUNICIPAL: "Муниципальная дорожная карта реализации проекта адресной методической помощи 500+ "
    "на {year} год",
    Level.SCHOOL: "Дорожная карта школы по проекту адресной методической помощи 500+ на {year} год",
}


def _owner_fields(
    *, level: str, region: Region | None, municipality: Municipality | None, school: School | None
) -> dict:
    if level == Level.SCHOOL:
        if school is None:
            raise ValidationError({"school": "Укажите школу."})
        return {"region": school.municipality.region, "municipality": school.municipality, "school": school}
    if level == Level.MUNICIPAL:
        if municipality is None:
            raise ValidationError({"municipality": "Укажите муниципалитет."})
        return {"region": municipality.region, "municipality": municipality, "school": None}
    if region is None:
        raise ValidationError({"region": "Укажите регион."})
    return {"region": region, "municipality": None, "school": None}


@transaction.atomic
def roadmap_create(
    *,
    actor: User | None,
    level: str,
    year: int,
    region: Region | None = None,
    municipality: Municipality | None = None,
    school: School | None = None,
    title: str = "",
    approval_document: str = "",
    approval_date: date | None = None,
    municipal_deadline: date | None = None,
    source_name: str = "",
) -> RoadMap:
    owner = _owner_fields(level=level, region=region, municipality=municipality, school=school)
    roadmap = RoadMap(
        level=level,
        year=year,
        title=(title.strip() or DEFAULT_TITLES[level].format(year=year)),
        approval_document=approval_document.strip(),
        approval_date=approval_date,
        municipal_deadline=municipal_deadline if level == Level.REGIONAL else None,
        source_name=source_name,
        created_by=actor,
        **owner,
    )
    roadmap.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            roadmap.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"year": f"Карта этого уровня для «{roadmap.owner}» на {year} год уже есть."}
        ) from exc
    figures_changed(roadmap)  # обзор карт региона и сводки в кэше — под новой версией
    return roadmap


@transaction.atomic
def roadmap_update(
    *,
    roadmap: RoadMap,
    title: str,
    approval_document: str = "",
    approval_date: date | None = None,
    municipal_deadline: date | None = None,
    appendix_text: str | None = None,
    document_font: str | None = None,
    document_font_size: int | None = None,
) -> RoadMap:
    roadmap.title = title.strip()
    if appendix_text is not None:
        roadmap.appendix_text = appendix_text.strip()
    if document_font is not None:
        roadmap.document_font = document_font.strip() or "Times New Roman"
    if document_font_size is not None:
        roadmap.document_font_size = document_font_size
    roadmap.approval_document = approval_document.strip()
    roadmap.approval_date = approval_date
    if roadmap.level == Level.REGIONAL:
        roadmap.municipal_deadline = municipal_deadline
    roadmap.full_clean(validate_constraints=False)
    roadmap.save()
    figures_changed(roadmap)  # срок муниципальных карт — в обзоре панели региона
    return roadmap


def _shift_year(text: str, source_year: int, target_year: int) -> str:
    """«до 28.01.2021» в копии на 2022 год становится «до 28.01.2022»: карты из года в год повторяются."""
    text = re.sub(rf"(?<!\d){source_year}(?!\d)", str(target_year), text)
    return re.sub(rf"(\d\d\.\d\d\.){source_year % 100:02d}(?!\d)", rf"\g<1>{target_year % 100:02d}", text)


@transaction.atomic
def roadmap_copy(*, actor: User | None, source: RoadMap, year: int) -> RoadMap:
    """Новая карта того же владельца на год `year` по образцу `source`: разделы и мероприятия с текстами,
    показателями и ответственными; исполнение, факт и подтверждения не переносятся."""
    copy = roadmap_create(
        actor=actor,
        level=source.level,
        year=year,
        region=source.region,
        municipality=source.municipality,
        school=source.school,
        title=_shift_year(source.title, source.year, year),
    )
    section_map: dict[int, Section] = {}
    for section in source.sections.all():
        section_map[section.pk] = Section.objects.create(
            roadmap=copy,
            position=section.position,
            title=section.title,
            note=section.note,
            period_text=_shift_year(section.period_text, source.year, year),
        )
    for item in source.items.prefetch_related("responsible_organisations", "responsible_users"):
        new = Item(
            roadmap=copy,
            section=section_map.get(item.section_id),
            position=item.position,
            description=item.description,
            period_text=_shift_year(item.period_text, source.year, year),
            indicator=item.indicator,
            target_kind=item.target_kind,
            target_value=item.target_value,
            responsible_text=item.responsible_text,
            status=ItemStatus.NOT_STARTED,
            updated_by=actor,
        )
        apply_period(new, year=year)
        new.save()
        new.responsible_organisations.set(item.responsible_organisations.all())
        new.responsible_users.set(item.responsible_users.all())
    figures_changed(copy)
    return copy
