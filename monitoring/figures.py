"""Показатели мониторинга наборными запросами: флаги школ — подзапросами EXISTS, итоги по
муниципалитетам и регионам — GROUP BY. Ни одного цикла по строкам с запросом внутри: число запросов
не зависит от числа регионов и школ (и для одного региона, и для всей страны — 9 запросов)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

from catalog.figures import SPEC_BY_FIGURE, Figure, share
from roadmaps.models import Item, ItemStatus, Level, MapStatus, RoadMap, Transition
from schools.models import Municipality, RiskLevel, RiskProfileLevel, School
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument, Visit, VisitStatus

SCHOOL_FLAGS = (
    "schools_visited",
    "profiles_verified",
    "concept_confirmed",
    "stage1_confirmed",
    "stage2_confirmed",
    "risk_decreased",
)
COUNT_FIELDS = (
    "items_total",
    "items_done",
    "schools_total",
    *SCHOOL_FLAGS,
    "municipalities_total",
    "maps_approved",
)


@dataclass
class Figures:
    """Числители и знаменатели одного объекта; доли — по запросу."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_FIELDS, 0))

    def share(self, figure: Figure | str) -> float | None:
        spec = SPEC_BY_FIGURE[Figure(figure)]
        return share(self.counts.get(spec.numerator), self.counts.get(spec.denominator))

    def __getitem__(self, name: str) -> int:
        return self.counts.get(name, 0)


@dataclass
class FigureTable:
    """Показатели на дату: по регионам, муниципалитетам и школам (ключ — id объекта)."""

    as_of: date
    year: int
    regions: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))
    municipalities: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))
    schools: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))
    school_parent: dict[int, tuple[int, int]] = field(default_factory=dict)  # школа → (регион, муниципалитет)
    municipality_region: dict[int, int] = field(default_factory=dict)
    # Для хранимых показателей (monitoring.rollup): когда пересчитаны и не устарели ли.
    computed_at: datetime | None = None
    stale: bool = False
    # Регионы, чьи строки (регион, муниципалитеты, школы) взяты из хранимых как есть, без пересчёта
    # живьём: снимок копирует их в базе одним INSERT … SELECT (monitoring.services.snapshot_write).
    stored_regions: set[int] = field(default_factory=set)


def _confirmed(kind: str, year: int, as_of: date) -> QuerySet:
    return SchoolDocument.objects.filter(
        school=OuterRef("pk"),
        year=year,
        kind=kind,
        status=DocumentStatus.CONFIRMED,
        reviewed_at__date__lte=as_of,
    )


def _risk_score(year: int) -> Subquery:
    """Сумма уровней рисков школы за год (высокий 3, средний 2, низкий 1): меньше — значит лучше."""
    weight = Case(
        When(level=RiskLevel.HIGH, then=Value(3)),
        When(level=RiskLevel.MEDIUM, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    levels = (
        RiskProfileLevel.objects.filter(profile__school=OuterRef("pk"), profile__year=year)
        .values("profile__school")
        .annotate(score=Sum(weight))
        .values("score")[:1]
    )
    return Subquery(levels, output_field=IntegerField())


def school_flags(*, year: int, as_of: date, schools: QuerySet[School] | None = None) -> QuerySet[School]:
    """Школы года с флагами показателей на дату (EXISTS-подзапросы; ничего не считается в Python)."""
    schools = (schools if schools is not None else School.objects.all()).filter(participations__year=year)
    two_directions = (
        RiskProfileLevel.objects.filter(
            profile__school=OuterRef("pk"),
            profile__year=year,
            profile__verified_at__date__lte=as_of,
            is_active_direction=True,
        )
        .values("profile__school")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    two_antirisk = (
        _confirmed(DocumentKind.ANTIRISK, year, as_of)
        .values("school")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    concept = (
        Q(Exists(_confirmed(DocumentKind.CONCEPT, year, as_of)))
        & Q(Exists(_confirmed(DocumentKind.MIDTERM, year, as_of)))
        & Q(Exists(two_antirisk))
    )
    return schools.annotate(
        schools_visited=Exists(
            Visit.objects.filter(school=OuterRef("pk"), status=VisitStatus.DONE, date__lte=as_of)
        ),
        profiles_verified=Exists(two_directions),
        concept_confirmed=ExpressionWrapper(concept, output_field=BooleanField()),
        stage1_confirmed=Exists(_confirmed(DocumentKind.MONITORING_1, year, as_of)),
        stage2_confirmed=Exists(_confirmed(DocumentKind.MONITORING_2, year, as_of)),
        risk_now=_risk_score(year),
        risk_before=_risk_score(year - 1),
        risk_decreased=ExpressionWrapper(Q(risk_now__lt=F("risk_before")), output_field=BooleanField()),
    )


def _flag_counts() -> dict:
    return {name: Count("pk", filter=Q(**{name: True})) for name in SCHOOL_FLAGS}


def _items(year: int, as_of: date, level: str, key: str, region_ids: Iterable[int] | None):
    items = Item.objects.filter(roadmap__year=year, roadmap__level=level).exclude(status=ItemStatus.CANCELLED)
    if region_ids is not None:
        items = items.filter(roadmap__region_id__in=region_ids)
    done = Q(status=ItemStatus.DONE, completed_on__lte=as_of)
    return items.values(key).annotate(total=Count("pk"), done=Count("pk", filter=done)).order_by()


def compute(*, year: int, as_of: date, region_ids: Iterable[int] | None = None) -> FigureTable:
    """Все показатели на дату по регионам (или по всей стране, если region_ids не задан)."""
    region_ids = list(region_ids) if region_ids is not None else None
    table = FigureTable(as_of=as_of, year=year)
    schools = (
        School.objects.all()
        if region_ids is None
        else School.objects.filter(municipality__region_id__in=region_ids)
    )
    flagged = school_flags(year=year, as_of=as_of, schools=schools)

    for row in flagged.values("pk", "municipality_id", "municipality__region_id", *SCHOOL_FLAGS):
        figures = table.schools[row["pk"]]
        figures.counts["schools_total"] = 1
        for name in SCHOOL_FLAGS:
            figures.counts[name] = int(bool(row[name]))
        table.school_parent[row["pk"]] = (row["municipality__region_id"], row["municipality_id"])

    for level_key, target, group in (
        ("municipality_id", table.municipalities, "municipality_id"),
        ("municipality__region_id", table.regions, "municipality__region_id"),
    ):
        grouped = flagged.values(group).annotate(schools_total=Count("pk"), **_flag_counts()).order_by()
        for row in grouped:
            target[row[level_key]].counts.update({k: v for k, v in row.items() if k != level_key})

    for level, key, target in (
        (Level.REGIONAL, "roadmap__region_id", table.regions),
        (Level.MUNICIPAL, "roadmap__municipality_id", table.municipalities),
        (Level.SCHOOL, "roadmap__school_id", table.schools),
    ):
        for row in _items(year, as_of, level, key, region_ids):
            target[row[key]].counts.update(items_total=row["total"], items_done=row["done"])

    municipalities = (
        Municipality.objects.all()
        if region_ids is None
        else Municipality.objects.filter(region_id__in=region_ids)
    )
    approved_by_date = Exists(
        Transition.objects.filter(
            roadmap=OuterRef("pk"), to_status=MapStatus.APPROVED, created_at__date__lte=as_of
        )
    )
    maps = (
        RoadMap.objects.filter(
            level=Level.MUNICIPAL, year=year, status=MapStatus.APPROVED, municipality__in=municipalities
        )
        .filter(approved_by_date)
        .values("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    approved = {row["region_id"]: row["n"] for row in maps}
    for row in municipalities.values("region_id").annotate(n=Count("pk")).order_by():
        table.regions[row["region_id"]].counts.update(
            municipalities_total=row["n"], maps_approved=approved.get(row["region_id"], 0)
        )
    table.municipality_region = dict(municipalities.values_list("pk", "region_id"))
    return table


def totals(figures: Iterable[Figures]) -> Figures:
    """Сумма по нескольким объектам (например, по всем регионам страны) — доли пересчитываются."""
    result = Figures()
    for item in figures:
        for name in COUNT_FIELDS:
            result.counts[name] += item.counts.get(name, 0)
    return result
