"""Сверка муниципальных карт с региональной: строки — пункты региональной карты, адресованные
муниципалитетам (МОУО, ОМСУ, «муниципальные координаторы»…), колонки — муниципалитеты, в ячейке —
пункты муниципальной карты, которые на него отвечают (связал автор или принял проверяющий), и подсказки
по сходству текста (``alignment.similarity``).

Число запросов постоянно при любом числе муниципалитетов и пунктов: региональная карта (со свежестью
хранимых подсказок), её разделы и пункты (с признаком «ответственна МОУО/ОМСУ» и основами слов),
муниципалитеты (они же — выбор в фильтре), муниципальные карты, связи, подсказки — каждое одним запросом."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

import access as scoping
from accounts.models import User
from alignment.models import AlignmentSuggestion, ItemLink, SuggestionRefresh, SuggestionRejection
from alignment.similarity import (
    ANSWER_FIELDS,
    CANDIDATE_FIELDS,
    Candidate,
    candidates_of,
    lexemes,
    rank_suggestions,
    stems_of,
)
from roadmaps.models import Item, ItemStatus, Level, RoadMap
from roadmaps.selectors import map_rows
from schools.models import Municipality, OrganisationKind, Region

ADDRESSED_TO_MUNICIPALITIES = re.compile(
    r"МОУО|ОМСУ|ОМС\b|муниципальн|местного\s+самоуправления|органы\s+управления\s+образованием\s+МО\b",
    re.IGNORECASE,
)
# В описании пункта адресат назван словами: «МОУО проводят…», «муниципальными координаторами».
ADDRESSEE_IN_DESCRIPTION = re.compile(
    r"МОУО|ОМСУ|муниципальн\w*\s+(координатор|орган|управлени|служб)|местного\s+самоуправления", re.IGNORECASE
)
OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)
STATE_LABELS = {
    "planned": "запланировано",
    "done": "выполнено",
    "overdue": "просрочено",
    "failed": "не выполнено",
    "cancelled": "отменено",
}


def item_state(item, today: date) -> str:
    if item.status == ItemStatus.DONE:
        return "done"
    if item.status in (ItemStatus.FAILED, ItemStatus.CANCELLED):
        return str(item.status)
    first_end = getattr(item, "period_first_end", None)  # у кандидатов сопоставления его нет
    late_start = item.status == ItemStatus.NOT_STARTED and first_end is not None and first_end < today
    if late_start or (item.period_end is not None and item.period_end < today):
        return "overdue"
    return "planned"


def is_addressed_to_municipalities(item: Item) -> bool:
    if ADDRESSED_TO_MUNICIPALITIES.search(item.responsible_text or ""):
        return True
    if ADDRESSEE_IN_DESCRIPTION.search(item.description or ""):
        return True
    flagged = getattr(item, "municipal_authority_responsible", None)  # из regional_items — без prefetch
    if flagged is not None:
        return flagged
    return any(o.kind == OrganisationKind.MUNICIPAL_AUTHORITY for o in item.responsible_organisations.all())


# --- матрица ------------------------------------------------------------------------------------------


@dataclass
class Answer:
    item: Candidate
    state: str
    link: ItemLink | None = None
    score: float = 0.0

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Cell:
    municipality: Municipality
    roadmap: RoadMap | None
    answers: list[Answer] = field(default_factory=list)
    suggestions: list[Answer] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not self.answers


@dataclass
class AlignmentRow:
    number: str
    item: Item
    cells: list[Cell] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(cell.is_gap for cell in self.cells)


@dataclass
class Alignment:
    region: Region
    year: int
    regional_map: RoadMap | None
    municipalities: list[Municipality] = field(default_factory=list)
    # Все видимые муниципалитеты региона (выбор в фильтре) — тот же запрос, что и колонки.
    municipality_choices: list[Municipality] = field(default_factory=list)
    maps: dict[int, RoadMap] = field(default_factory=dict)
    rows: list[AlignmentRow] = field(default_factory=list)

    @property
    def total_gaps(self) -> int:
        return sum(row.gaps for row in self.rows)


def _fresh_refresh() -> Exists:
    return Exists(
        SuggestionRefresh.objects.filter(
            region=OuterRef("region"),
            year=OuterRef("year"),
            computed_at__isnull=False,
            stale_since__isnull=True,
        )
    )


def regional_map_for(*, user: User, region: Region, year: int) -> RoadMap | None:
    """Региональная карта года; suggestions_fresh — то же, что suggestions_fresh(), тем же запросом."""
    return (
        scoping.visible_resolved(user, RoadMap)
        .filter(level=Level.REGIONAL, region=region, year=year)
        .select_related("region")
        .annotate(suggestions_fresh=_fresh_refresh())
        .first()
    )


def regional_items(regional_map: RoadMap) -> QuerySet[Item]:
    """Все пункты региональной карты для сверки: поля модели (их читает нумерация map_rows), признак
    «среди ответственных — МОУО/ОМСУ» подзапросом вместо prefetch организаций и (на PostgreSQL) основы
    слов описания для живых подсказок. Ответственные люди и число подтверждений сверке не нужны."""
    authority = Item.responsible_organisations.through.objects.filter(
        item_id=OuterRef("pk"), organisation__kind=OrganisationKind.MUNICIPAL_AUTHORITY
    )
    items = Item.objects.filter(roadmap=regional_map).annotate(
        municipal_authority_responsible=Exists(authority)
    )
    if connection.vendor == "postgresql":
        items = items.annotate(lexemes=lexemes())
    return items.order_by("position", "pk")


def addressed_rows(regional_map: RoadMap) -> list[tuple[str, Item]]:
    """Пункты региональной карты, адресованные муниципалитетам, с номерами как на странице карты."""
    view = map_rows(roadmap=regional_map, items=regional_items(regional_map))
    return [
        (row.number, row.item)
        for row in view.rows
        if row.item is not None and not row.add_slot and is_addressed_to_municipalities(row.item)
    ]


def alignment_matrix(
    *,
    user: User,
    region: Region,
    year: int,
    municipality_ids: list[int] | None = None,
    gaps_only: bool = False,
    today: date | None = None,
    stored: bool | None = None,
    municipal_map: RoadMap | None = None,
) -> Alignment:
    """stored: None — хранимые подсказки, если регион за год посчитан и не устарел, иначе живой расчёт;
    True/False — принудительно (тест сверяет оба пути). municipal_map — сверка одной муниципальной карты,
    которую вызывающий уже получил через scoping (её не читаем второй раз)."""
    scoping.resolve_visible_ids(user, Municipality, RoadMap)  # обе области — одним запросом
    if municipal_map is not None:
        # Одна карта: её муниципалитет прочитан вместе с ней, выбор в фильтре этой странице не нужен.
        municipality_ids = [municipal_map.municipality_id]
        municipality = municipal_map.municipality
        choices = [municipality] if scoping.is_visible_resolved(user, Municipality, municipality.pk) else []
    else:
        # Видимые муниципалитеты региона — и колонки, и выбор в фильтре страницы (один запрос на оба).
        choices = list(scoping.visible_resolved(user, Municipality).filter(region=region).order_by("name"))
    regional_map = regional_map_for(user=user, region=region, year=year)
    result = Alignment(region=region, year=year, regional_map=regional_map, municipality_choices=choices)
    if regional_map is None:
        return result
    today = today or region.local_today()
    rows = addressed_rows(regional_map)
    wanted = set(municipality_ids or ())
    result.municipalities = [m for m in choices if not wanted or m.pk in wanted]
    shown = {m.pk for m in result.municipalities}
    if municipal_map is not None:
        maps = (
            {municipal_map.municipality_id: municipal_map} if municipal_map.municipality_id in shown else {}
        )
    else:
        maps = {
            m.municipality_id: m
            for m in scoping.visible_resolved(user, RoadMap).filter(
                level=Level.MUNICIPAL, region=region, year=year, municipality__in=sorted(shown)
            )
        }
    result.maps = maps
    map_ids = sorted(m.pk for m in maps.values())
    regional_ids = [item.pk for _number, item in rows]
    linked = _linked(user, regional_ids, map_ids)
    if stored is None:
        stored = regional_map.suggestions_fresh
    if stored:
        suggested = _stored_suggestions(user, regional_ids, map_ids)
    else:
        suggested = _live_suggestions(user, {item.pk: stems_of(item) for _n, item in rows}, map_ids)

    for number, regional_item in rows:
        row = AlignmentRow(number=number, item=regional_item)
        for municipality in result.municipalities:
            roadmap = maps.get(municipality.pk)
            cell = Cell(municipality=municipality, roadmap=roadmap)
            if roadmap is not None:
                key = (regional_item.pk, roadmap.pk)
                for link, item in linked.get(key, []):
                    cell.answers.append(Answer(item=item, state=item_state(item, today), link=link))
                if not cell.answers:
                    cell.suggestions = [
                        Answer(item=item, state=item_state(item, today), score=score)
                        for score, item in suggested.get(key, [])
                    ]
            row.cells.append(cell)
        if not gaps_only or row.gaps:
            result.rows.append(row)
    return result


def _answer_item(item: Item) -> Candidate:
    return Candidate(
        item.pk,
        item.roadmap_id,
        item.description,
        item.status,
        item.period_end,
        item.source_number,
        item.position,
    )


def _answer_only(prefix: str) -> list[str]:
    return [f"{prefix}__{name}" for name in ANSWER_FIELDS]


def _linked(user: User, regional_ids: list[int], map_ids: list[int]) -> dict[tuple[int, int], list]:
    """(пункт региональной карты, муниципальная карта) → [(связь, пункт)] — одним запросом."""
    links = (
        scoping.visible_resolved(user, ItemLink)
        .filter(regional_item_id__in=regional_ids, municipal_item__roadmap_id__in=map_ids)
        .select_related("municipal_item")
        .only(
            "id", "regional_item_id", "source", "created_by_id", "created_at", *_answer_only("municipal_item")
        )
        .order_by("municipal_item__position", "municipal_item_id", "pk")
    )
    linked: dict[tuple[int, int], list] = {}
    for link in links:
        item = _answer_item(link.municipal_item)
        linked.setdefault((link.regional_item_id, item.roadmap_id), []).append((link, item))
    return linked


def suggestions_fresh(*, region: Region, year: int) -> bool:
    """Хранимые подсказки региона за год посчитаны и с тех пор ничего не менялось."""
    return SuggestionRefresh.objects.filter(
        region=region, year=year, computed_at__isnull=False, stale_since__isnull=True
    ).exists()


def _stored_suggestions(
    user: User, regional_ids: list[int], map_ids: list[int]
) -> dict[tuple[int, int], list]:
    """Хранимые подсказки с полями пункта — кортежами, без моделей: строк сотни на регион."""
    rows = (
        scoping.visible_resolved(user, AlignmentSuggestion)
        .filter(regional_item_id__in=regional_ids, municipal_map_id__in=map_ids)
        .order_by("-score", "municipal_item__position", "municipal_item_id")
        .values_list("regional_item_id", "score", *[f"municipal_item__{name}" for name in CANDIDATE_FIELDS])
    )
    suggested: dict[tuple[int, int], list] = {}
    for regional_id, score, *fields in rows:
        item = Candidate(*fields)
        suggested.setdefault((regional_id, item.roadmap_id), []).append((score, item))
    return suggested


def _live_suggestions(
    user: User, regional_stems: dict[int, frozenset[str]], map_ids: list[int]
) -> dict[tuple[int, int], list]:
    """Пока регион не пересчитан: то же сходство по пунктам, видимым человеку (пункт виден ровно тогда,
    когда видна его карта, так что кандидаты те же, что у хранимого расчёта). Основы пунктов региональной
    карты уже прочитаны вместе с ними (regional_items)."""
    municipal = candidates_of(
        scoping.visible_resolved(user, Item)
        .filter(roadmap_id__in=map_ids)
        .order_by("roadmap_id", "position", "pk")
    )
    rejected: dict[int, set[int]] = {}
    rejections = scoping.visible_resolved(user, SuggestionRejection).filter(
        municipal_map_id__in=map_ids, undone_at__isnull=True
    )
    for regional_id, municipal_id in rejections.values_list("regional_item_id", "municipal_item_id"):
        rejected.setdefault(regional_id, set()).add(municipal_id)
    by_map: dict[int, list[Candidate]] = {}
    for item in municipal:
        by_map.setdefault(item.roadmap_id, []).append(item)
    suggested: dict[tuple[int, int], list] = {}
    for regional_id, stems in regional_stems.items():
        for map_id in map_ids:
            ranked = rank_suggestions(stems, by_map.get(map_id, []), rejected.get(regional_id, set()))
            if ranked:
                suggested[(regional_id, map_id)] = ranked
    return suggested


def municipal_map_check(*, user: User, roadmap: RoadMap, today: date | None = None) -> Alignment:
    """Та же сверка для одной муниципальной карты (страница рассмотрения и страница связей)."""
    return alignment_matrix(
        user=user, region=roadmap.region, year=roadmap.year, today=today, municipal_map=roadmap
    )


def rejection_history(*, user: User, roadmap: RoadMap, limit: int = 50) -> list[SuggestionRejection]:
    """Отклонённые подсказки одной муниципальной карты, новые сверху: кто и когда отклонил, кто вернул."""
    return list(
        scoping.visible_resolved(user, SuggestionRejection)
        .filter(municipal_map=roadmap)
        .select_related("regional_item", "municipal_item", "rejected_by", "undone_by")
        .order_by("-rejected_at", "-pk")[:limit]
    )
