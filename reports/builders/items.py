"""Все мероприятия дорожных карт — региона или всей страны — одной таблицей Excel (для фильтров и
сводных таблиц). На национальных данных это ~150 000 строк, поэтому ничего не держится в памяти:

три запроса (карты, разделы, мероприятия) отсортированы одинаково — по году, региону, уровню карты,
муниципалитету, школе и id карты — и читаются потоками (``iterator``) в одной транзакции; номера
«1.3» выводятся на лету по тем же правилам, что и roadmaps.selectors.map_rows (мероприятия без
раздела первыми, разделы продолжают сквозную нумерацию). Ответственные приходят в той же строке
мероприятия подзапросами. Число запросов постоянно: 4 (с подсчётом строк для прогресса)."""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone

from reports.builders.base import PROGRESS_EVERY, Built, Progress
from reports.builders.roadmap import responsible_text
from reports.builders.streams import CHUNK, Peekable, consistent_read, names_subquery, person_short_name
from reports.formats import XLSX
from reports.xlsx import DATE, INT, Column, ExcelBook
from roadmaps.models import Item, ItemStatus, Level, RoadMap, Section
from schools.models import Region

STATUS_LABELS = dict(ItemStatus.choices)
LEVEL_LABELS = dict(Level.choices)
COLUMNS = [
    Column("Регион", 24),
    Column("Год", 7, INT),
    Column("Уровень карты", 15),
    Column("Муниципалитет", 24),
    Column("Школа", 24),
    Column("№ п/п", 8),
    Column("Раздел", 28),
    Column("Описание действий", 60),
    Column("Сроки (как написано)", 20),
    Column("Начало", 12, DATE),
    Column("Окончание", 12, DATE),
    Column("Показатель", 36),
    Column("Ответственные", 26),
    Column("Исполнение", 14),
    Column("Дата выполнения", 13, DATE),
]


def _map_rank(prefix: str = "") -> Case:
    return Case(
        When(**{f"{prefix}level": Level.REGIONAL}, then=Value(0)),
        When(**{f"{prefix}level": Level.MUNICIPAL}, then=Value(1)),
        default=Value(2),
    )


def _map_order(prefix: str = "") -> list:
    """Один и тот же порядок карт во всех трёх запросах — на нём держится слияние потоков."""
    return [
        f"{prefix}year",
        f"{prefix}region__name",
        "map_rank",
        f"{prefix}municipality__name",
        f"{prefix}school__short_name",
        f"{prefix}id" if prefix else "id",
    ]


def _maps(filters: dict) -> QuerySet:
    return (
        RoadMap.objects.filter(**filters)
        .annotate(map_rank=_map_rank())
        .order_by(*_map_order())
        .values_list("pk", "year", "level", "region__name", "municipality__name", "school__short_name")
    )


def _sections(filters: dict) -> QuerySet:
    roadmap_filters = {f"roadmap__{key}": value for key, value in filters.items()}
    return (
        Section.objects.filter(**roadmap_filters)
        .annotate(map_rank=_map_rank("roadmap__"))
        .order_by(*_map_order("roadmap__"), "position", "pk")
        .values_list("pk", "roadmap_id", "title")
    )


def _items(filters: dict) -> QuerySet:
    roadmap_filters = {f"roadmap__{key}": value for key, value in filters.items()}
    organisations = names_subquery(Item.responsible_organisations.through, "organisation__short_name")
    people = names_subquery(Item.responsible_users.through, person_short_name("user__"))
    return (
        Item.objects.filter(**roadmap_filters)
        .annotate(map_rank=_map_rank("roadmap__"), organisations=organisations, people=people)
        .order_by(
            *_map_order("roadmap__"),
            F("section__position").asc(nulls_first=True),
            F("section_id").asc(nulls_first=True),
            "position",
            "pk",
        )
        .values_list(
            "roadmap_id",
            "section_id",
            "description",
            "period_text",
            "period_start",
            "period_end",
            "indicator",
            "responsible_text",
            "organisations",
            "people",
            "status",
            "completed_on",
        )
    )


def _filters(region_id: int | None, year: int | None) -> dict:
    filters = {}
    if region_id is not None:
        filters["region_id"] = region_id
    if year is not None:
        filters["year"] = year
    return filters


def items_title(region_id: int | None, year: int | None) -> str:
    where = Region.objects.get(pk=region_id).name if region_id is not None else "все регионы"
    when = f"{year} год" if year is not None else "все годы"
    return f"Мероприятия дорожных карт: {where}, {when}"


def build_roadmap_items(
    *, region_id: int | None, year: int | None, out: BinaryIO, progress: Progress
) -> Built:
    title = items_title(region_id, year)
    filters = _filters(region_id, year)
    book = ExcelBook(title=title, generated_at=timezone.now())
    sheet = book.sheet(
        "Мероприятия",
        title=title,
        columns=COLUMNS,
        notes=["Номера «1.3» — как на странице карты: разделы и мероприятия по порядку."],
    )
    with consistent_read():
        total = Item.objects.filter(**{f"roadmap__{k}": v for k, v in filters.items()}).count()
        sections = Peekable(_sections(filters).iterator(chunk_size=CHUNK))
        items = Peekable(_items(filters).iterator(chunk_size=CHUNK))
        done = 0
        for roadmap_id, map_year, level, region_name, municipality_name, school_name in _maps(
            filters
        ).iterator(chunk_size=CHUNK):
            owner = [region_name, map_year, LEVEL_LABELS.get(level, level), municipality_name, school_name]
            map_sections = [
                (pk, section_title) for pk, _, section_title in sections.take_while(roadmap_id, 1)
            ]
            numbers: dict[int, tuple[str, str, list[int]]] = {}
            top = 0
            for (
                _,
                section_id,
                description,
                period_text,
                start,
                end,
                indicator,
                written,
                organisations,
                people,
                status,
                completed_on,
            ) in items.take_while(roadmap_id, 0):
                if section_id is None:
                    top += 1
                    number, section_title = str(top), ""
                else:
                    if not numbers:  # первое мероприятие раздела: разделы продолжают нумерацию
                        numbers = {
                            pk: (str(top + index), name, [0])
                            for index, (pk, name) in enumerate(map_sections, start=1)
                        }
                    section_number, section_title, counter = numbers[section_id]
                    counter[0] += 1
                    number = f"{section_number}.{counter[0]}"
                names = [*(organisations or "").split("; "), *(people or "").split("; ")]
                sheet.append(
                    [
                        *owner,
                        int(number) if number.isdigit() else number,  # число, а не текст: 10 после 2
                        section_title,
                        description,
                        period_text,
                        start,
                        end,
                        indicator,
                        responsible_text(written, names),
                        STATUS_LABELS.get(status, status),
                        completed_on,
                    ]
                )
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress(done, total)
    rows = book.save(out)
    progress(total, total)
    return Built(title, XLSX, rows)
