"""Сверка муниципальных карт с региональной: строки — пункты региональной карты, адресованные
муниципалитетам (МОУО, ОМСУ, «муниципальные координаторы»…), колонки — муниципалитеты, в ячейке —
пункты муниципальной карты, которые на него отвечают (связал автор или принял проверяющий), и подсказки
по сходству текста.

Сходство: на PostgreSQL слова описаний приводятся к основам словарём ``russian`` (лексемы веса A из
генерируемой колонки ``search_tsv``, без пересчёта), на SQLite — грубое усечение окончаний; доля основ
пункта региональной карты, встретившихся в муниципальном пункте, — мера сходства.

Число запросов постоянно при любом числе муниципалитетов и пунктов: региональная карта и её строки,
муниципалитеты, муниципальные карты, их пункты, связи — каждое одним запросом."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL

import access as scoping
from accounts.models import User
from alignment.models import AlignmentSuggestion, ItemLink, SuggestionRefresh, SuggestionRejection
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
MIN_SHARED_STEMS = 2
MIN_SIMILARITY = 0.3
MAX_SUGGESTIONS = 2
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
    if item.period_end is not None and item.period_end < today:
        return "overdue"
    return "planned"


def is_addressed_to_municipalities(item: Item) -> bool:
    if ADDRESSED_TO_MUNICIPALITIES.search(item.responsible_text or ""):
        return True
    if ADDRESSEE_IN_DESCRIPTION.search(item.description or ""):
        return True
    return any(o.kind == OrganisationKind.MUNICIPAL_AUTHORITY for o in item.responsible_organisations.all())


# --- сходство текста --------------------------------------------------------------------------------

_WORD = re.compile(r"[а-яёa-z0-9]+", re.IGNORECASE)
_ENDINGS = re.compile(
    r"(ами|ями|ого|его|ому|ему|ыми|ими|ая|яя|ое|ее|ые|ие|ых|их|ой|ей|ом|ем|ах|ях|ам|ям|ов|ев|ы|и|а|я|о|е|у|ю|ь)$"
)


def crude_stems(text: str) -> frozenset[str]:
    """Запасной вариант без PostgreSQL: слова длиннее трёх букв без типичных окончаний."""
    stems = set()
    for word in _WORD.findall(text.lower().replace("ё", "е")):
        if len(word) > 3:
            stems.add(_ENDINGS.sub("", word)[:7])
    return frozenset(stems)


@dataclass
class Candidate:
    """Пункт муниципальной карты для сверки — лёгкая запись вместо модели: их в регионе тысячи."""

    pk: int
    roadmap_id: int
    description: str
    status: str
    period_end: date | None
    source_number: str
    position: int
    stems: frozenset[str] = frozenset()

    def __str__(self) -> str:
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first_line[:120]


CANDIDATE_FIELDS = ("pk", "roadmap_id", "description", "status", "period_end", "source_number", "position")
# Для ответа в ячейке основы слов не нужны: связанные и подсказанные пункты читаются без них.
ANSWER_FIELDS = ("id", "roadmap_id", "description", "status", "period_end", "source_number", "position")


def candidates_of(items: QuerySet[Item]) -> list[Candidate]:
    """Пункты с множеством основ описания. На PostgreSQL основы — лексемы веса A (описание) из
    генерируемой колонки: словарь russian уже привёл слова к основам и выбросил служебные."""
    if connection.vendor == "postgresql":
        lexemes = RawSQL(
            'tsvector_to_array(ts_filter("roadmaps_item"."search_tsv", \'{a}\'::"char"[]))',
            (),
            output_field=ArrayField(CharField()),
        )
        rows = items.annotate(lexemes=lexemes).values_list(*CANDIDATE_FIELDS, "lexemes")
        return [Candidate(*row[:-1], stems=frozenset(row[-1] or ())) for row in rows]
    return [Candidate(*row, stems=crude_stems(row[2])) for row in items.values_list(*CANDIDATE_FIELDS)]


def similarity(regional: frozenset[str], municipal: frozenset[str]) -> float:
    if not regional:
        return 0.0
    shared = len(regional & municipal)
    return shared / len(regional) if shared >= MIN_SHARED_STEMS else 0.0


def rank_suggestions(
    stems: frozenset[str], candidates: list[Candidate], rejected: set[int]
) -> list[tuple[float, Candidate]]:
    """До MAX_SUGGESTIONS самых похожих пунктов одной муниципальной карты, кроме отклонённых. Один
    расчёт и для хранимых подсказок (alignment.suggestions), и для живого (регион ещё не пересчитан)."""
    scored = [(similarity(stems, item.stems), item) for item in candidates if item.pk not in rejected]
    scored = [(score, item) for score, item in scored if score >= MIN_SIMILARITY]
    scored.sort(key=lambda pair: (-pair[0], pair[1].position, pair[1].pk))
    return scored[:MAX_SUGGESTIONS]


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
    maps: dict[int, RoadMap] = field(default_factory=dict)
    rows: list[AlignmentRow] = field(default_factory=list)

    @property
    def total_gaps(self) -> int:
        return sum(row.gaps for row in self.rows)


def regional_map_for(*, user: User, region: Region, year: int) -> RoadMap | None:
    return (
        scoping.visible_resolved(user, RoadMap)
        .filter(level=Level.REGIONAL, region=region, year=year)
        .select_related("region")
        .first()
    )


def addressed_rows(regional_map: RoadMap) -> list[tuple[str, Item]]:
    """Пункты региональной карты, адресованные муниципалитетам, с номерами как на странице карты."""
    view = map_rows(roadmap=regional_map)
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
) -> Alignment:
    """stored: None — хранимые подсказки, если регион за год посчитан и не устарел, иначе живой расчёт;
    True/False — принудительно (тест сверяет оба пути)."""
    regional_map = regional_map_for(user=user, region=region, year=year)
    result = Alignment(region=region, year=year, regional_map=regional_map)
    if regional_map is None:
        return result
    today = today or region.local_today()
    rows = addressed_rows(regional_map)
    municipalities = scoping.visible_resolved(user, Municipality).filter(region=region).order_by("name")
    if municipality_ids:
        municipalities = municipalities.filter(pk__in=municipality_ids)
    result.municipalities = list(municipalities)
    maps = {
        m.municipality_id: m
        for m in scoping.visible_resolved(user, RoadMap).filter(
            level=Level.MUNICIPAL,
            region=region,
            year=year,
            municipality__in=[m.pk for m in result.municipalities],
        )
    }
    result.maps = maps
    map_ids = sorted(m.pk for m in maps.values())
    regional_ids = [item.pk for _number, item in rows]
    linked = _linked(user, regional_ids, map_ids)
    if stored is None:
        stored = suggestions_fresh(region=region, year=year)
    if stored:
        suggested = _stored_suggestions(user, regional_ids, map_ids)
    else:
        suggested = _live_suggestions(user, regional_ids, map_ids)

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


def _live_suggestions(user: User, regional_ids: list[int], map_ids: list[int]) -> dict[tuple[int, int], list]:
    """Пока регион не пересчитан: то же сходство по пунктам, видимым человеку (пункт виден ровно тогда,
    когда видна его карта, так что кандидаты те же, что у хранимого расчёта)."""
    municipal = candidates_of(
        scoping.visible_resolved(user, Item)
        .filter(roadmap_id__in=map_ids)
        .order_by("roadmap_id", "position", "pk")
    )
    regional_stems = {
        item.pk: item.stems
        for item in candidates_of(scoping.visible_resolved(user, Item).filter(pk__in=regional_ids))
    }
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
    for regional_id in regional_ids:
        stems = regional_stems.get(regional_id, frozenset())
        for map_id in map_ids:
            ranked = rank_suggestions(stems, by_map.get(map_id, []), rejected.get(regional_id, set()))
            if ranked:
                suggested[(regional_id, map_id)] = ranked
    return suggested


def municipal_map_check(*, user: User, roadmap: RoadMap, today: date | None = None) -> Alignment:
    """Та же сверка для одной муниципальной карты (страница рассмотрения и страница связей)."""
    return alignment_matrix(
        user=user,
        region=roadmap.region,
        year=roadmap.year,
        municipality_ids=[roadmap.municipality_id],
        today=today,
    )


def rejection_history(*, user: User, roadmap: RoadMap, limit: int = 50) -> list[SuggestionRejection]:
    """Отклонённые подсказки одной муниципальной карты, новые сверху: кто и когда отклонил, кто вернул."""
    return list(
        scoping.visible_resolved(user, SuggestionRejection)
        .filter(municipal_map=roadmap)
        .select_related("regional_item", "municipal_item", "rejected_by", "undone_by")
        .order_by("-rejected_at", "-pk")[:limit]
    )
