"""Чтение для панелей мониторинга: текущие показатели (живой расчёт на сегодня), снимки этапов,
проблемные места. Число запросов не зависит от числа школ и муниципалитетов."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from catalog.figures import SPECS
from monitoring.charts import Series, grouped_bars
from monitoring.figures import COUNT_FIELDS, Figures, FigureTable
from monitoring.models import FigureRow, Level, MonitoringStage, RunStatus, Snapshot, SnapshotRun
from roadmaps.models import Item, RoadMap
from roadmaps.models import Level as MapLevel
from roadmaps.selectors import OPEN_STATUSES
from schools.models import Municipality, Region, School


@dataclass
class FigureLine:
    """Строка панели: показатель, текущая доля, цель из дорожной карты и значения по этапам."""

    code: str
    label: str
    short: str
    numerator: int
    denominator: int
    value: float | None
    target: float | None
    by_stage: list[float | None]


def figure_lines(
    figures: Figures, *, targets: dict[str, float], stage_rows: list[Figures | None], figures_shown=SPECS
) -> list[FigureLine]:
    return [
        FigureLine(
            code=spec.figure.value,
            label=spec.figure.label,
            short=spec.short,
            numerator=figures[spec.numerator],
            denominator=figures[spec.denominator],
            value=figures.share(spec.figure),
            target=targets.get(spec.figure.value),
            by_stage=[row.share(spec.figure) if row else None for row in stage_rows],
        )
        for spec in figures_shown
    ]


def stages_for(*, region: Region, year: int) -> list[MonitoringStage]:
    """Этапы года, которые касаются региона: его собственные и федеральные."""
    return list(
        MonitoringStage.objects.filter(Q(region=region) | Q(region__isnull=True), year=year).order_by(
            "date", "pk"
        )
    )


def stage_rows(
    *, stages: list[MonitoringStage], region: Region, level: str, object_id: int
) -> tuple[list[Snapshot | None], list[Figures | None]]:
    """Снимки региона по этапам и строка нужного объекта в каждом (одним запросом на все этапы)."""
    snapshots = {s.stage_id: s for s in Snapshot.objects.filter(stage__in=stages, region=region)}
    filters = (
        {"region_id": object_id}
        if level == Level.REGION
        else ({"municipality_id": object_id} if level == Level.MUNICIPALITY else {"school_id": object_id})
    )
    rows = {
        row.snapshot_id: row
        for row in FigureRow.objects.filter(snapshot__in=snapshots.values(), level=level, **filters)
    }
    ordered = [snapshots.get(stage.pk) for stage in stages]
    figures = []
    for snapshot in ordered:
        row = rows.get(snapshot.pk) if snapshot else None
        figures.append(Figures(counts={name: getattr(row, name) for name in COUNT_FIELDS}) if row else None)
    return ordered, figures


def targets_from_map(*, year: int, level: str, **owner) -> dict[str, float]:
    """Цели показателей — из мероприятий карты владельца, связанных с показателями."""
    items = Item.objects.filter(
        roadmap__year=year, roadmap__level=level, **{f"roadmap__{k}": v for k, v in owner.items()}
    )
    return {
        code: float(value)
        for code, value in items.exclude(indicator_figure="")
        .exclude(target_value=None)
        .values_list("indicator_figure", "target_value")
    }


def comparison_chart(lines: list[FigureLine], stages: list[MonitoringStage], *, title: str):
    series = [
        Series(f"{stage.title} ({stage.date:%d.%m.%Y})", [line.by_stage[i] for line in lines])
        for i, stage in enumerate(stages)
    ]
    series.append(Series("сейчас", [line.value for line in lines]))
    return grouped_bars([line.short for line in lines], series, title=title)


def live_table(*, region_ids: list[int] | None, year: int, as_of: date, schools: bool = True) -> FigureTable:
    """Показатели на сегодня — из хранимых (monitoring.rollup); эталон — figures.compute."""
    from monitoring.rollup import rollup_table

    return rollup_table(year=year, as_of=as_of, region_ids=region_ids, schools=schools)


def sort_rows(rows: list[dict], sort: str, descending: bool) -> list[dict]:
    codes = {spec.figure.value for spec in SPECS}
    if sort in codes:
        return sorted(
            rows,
            key=lambda r: (r["figures"].share(sort) is None, r["figures"].share(sort) or 0),
            reverse=descending,
        )
    return sorted(rows, key=lambda r: r["name"])


def overdue_items(
    *, region: Region, year: int, today: date, municipality: Municipality | None = None
) -> tuple[QuerySet[Item], int]:
    items = Item.objects.filter(
        roadmap__region=region, roadmap__year=year, period_end__lt=today, status__in=OPEN_STATUSES
    )
    if municipality is not None:
        items = items.filter(roadmap__municipality=municipality)
    return items.select_related("roadmap__municipality", "roadmap__school").order_by("period_end")[
        :20
    ], items.count()


def schools_without_visit(table: FigureTable, *, municipality_id: int | None = None) -> QuerySet[School]:
    ids = [
        pk
        for pk, figures in table.schools.items()
        if not figures["schools_visited"]
        and (municipality_id is None or table.school_parent[pk][1] == municipality_id)
    ]
    return (
        School.objects.filter(pk__in=ids)
        .select_related("municipality")
        .order_by("municipality__name", "short_name")
    )


def active_run(*, stage: MonitoringStage, region: Region) -> SnapshotRun | None:
    return SnapshotRun.objects.filter(
        stage=stage, region=region, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()


def map_exists(*, region: Region, year: int) -> bool:
    return RoadMap.objects.filter(region=region, year=year, level=MapLevel.REGIONAL).exists()
