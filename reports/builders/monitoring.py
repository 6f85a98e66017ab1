"""Мониторинг: отчёт об этапе (показатели региона, муниципалитетов и школ из снимка этапа рядом с
предыдущим этапом, в PDF — тот же график, что на панели региона) и сводка по всем регионам для
федерального уровня. Цифры — из monitoring: снимки (FigureRow) и monitoring.figures.compute;
запросов — постоянное число, сколько бы ни было школ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from django.utils import timezone

from catalog.figures import SCHOOL_FIGURES, SPEC_BY_FIGURE, SPECS, Figure, FigureSpec
from monitoring.charts import Series, grouped_bars
from monitoring.figures import COUNT_FIELDS, Figures, totals
from monitoring.models import FigureRow, Level, Snapshot
from monitoring.rollup import rollup_table
from monitoring.selectors import stage_rows, stages_for
from reports.builders.base import Built, Progress
from reports.formats import PDF, XLSX, fraction, pct, ru_date, ru_datetime
from reports.pdf import render_pdf
from reports.xlsx import CHANGE, INT, PERCENT, Column, ExcelBook
from schools.models import Region

# Муниципалитетам и школам — мероприятия их карт и школьные показатели (как на панелях).
OBJECT_SPECS: list[FigureSpec] = [SPEC_BY_FIGURE[Figure.ITEMS_DONE], *SCHOOL_FIGURES]


def _figures(row: dict) -> Figures:
    return Figures(counts={name: row[name] for name in COUNT_FIELDS})


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 1)


@dataclass
class FigureLine:
    spec: FigureSpec
    numerator: int
    denominator: int
    now: float | None
    before: float | None

    @property
    def change(self) -> float | None:
        return _change(self.now, self.before)


@dataclass
class ObjectLine:
    """Муниципалитет или школа: показатели на этап и на предыдущий этап (если он снимался)."""

    name: str
    municipality: str
    now: Figures
    before: Figures | None

    def cells(self, specs: list[FigureSpec]) -> list[tuple[float | None, float | None]]:
        return [
            (self.now.share(s.figure), self.before.share(s.figure) if self.before else None) for s in specs
        ]

    def flags(self) -> list[tuple[str, str]]:
        """Школьные показатели у одной школы — «да/нет», а не 0 % и 100 %."""

        def word(figures: Figures | None, spec: FigureSpec) -> str:
            return "" if figures is None else ("да" if figures[spec.numerator] else "нет")

        return [(word(self.now, s), word(self.before, s)) for s in SCHOOL_FIGURES]


@dataclass
class StageReport:
    snapshot: Snapshot
    previous: Snapshot | None
    lines: list[FigureLine]
    municipalities: list[ObjectLine]
    schools: list[ObjectLine]
    chart: str

    @property
    def title(self) -> str:
        stage = self.snapshot.stage
        return (
            f"Мониторинг проекта 500+: {self.snapshot.region}, {stage.title} {stage.year} "
            f"(на {ru_date(self.snapshot.as_of)})"
        )

    @property
    def compared_with(self) -> str:
        if self.previous is None:
            return "предыдущего этапа в этом году нет"
        return f"{self.previous.stage.title} (на {ru_date(self.previous.as_of)})"


def stage_report(snapshot_id: int) -> StageReport:
    snapshot = Snapshot.objects.select_related("stage", "region", "taken_by").get(pk=snapshot_id)
    stage, region = snapshot.stage, snapshot.region
    stages = stages_for(region=region, year=stage.year)
    shown = [s for s in stages if (s.date, s.pk) <= (stage.date, stage.pk)]
    previous = (
        Snapshot.objects.filter(region=region, stage__in=shown[:-1])
        .select_related("stage")
        .order_by("-stage__date", "-stage_id")
        .first()
    )
    snapshot_ids = [snapshot.pk] + ([previous.pk] if previous else [])
    by_snapshot: dict[int, dict[tuple[str, int], dict]] = {pk: {} for pk in snapshot_ids}
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for row in FigureRow.objects.filter(snapshot_id__in=snapshot_ids).values(
        "snapshot_id",
        "level",
        "region_id",
        "municipality_id",
        "school_id",
        "municipality__name",
        "school__short_name",
        *COUNT_FIELDS,
    ):
        key = _key(row)
        by_snapshot[row["snapshot_id"]][key] = row
        names[key] = (
            row["school__short_name"] or row["municipality__name"] or "",
            row["municipality__name"] or "",
        )
    now, before = by_snapshot[snapshot.pk], by_snapshot.get(previous.pk if previous else -1, {})

    def line(key) -> ObjectLine:
        name, municipality = names[key]
        return ObjectLine(
            name, municipality, _figures(now[key]), _figures(before[key]) if key in before else None
        )

    region_now = _figures(now[("region", region.pk)]) if ("region", region.pk) in now else Figures()
    region_before = _figures(before[("region", region.pk)]) if ("region", region.pk) in before else None
    lines = [
        FigureLine(
            spec,
            region_now[spec.numerator],
            region_now[spec.denominator],
            region_now.share(spec.figure),
            region_before.share(spec.figure) if region_before else None,
        )
        for spec in SPECS
    ]
    municipalities = sorted((line(k) for k in now if k[0] == Level.MUNICIPALITY), key=lambda o: o.name)
    schools = sorted((line(k) for k in now if k[0] == Level.SCHOOL), key=lambda o: (o.municipality, o.name))
    return StageReport(snapshot, previous, lines, municipalities, schools, _stage_chart(region, shown))


def _key(row: dict) -> tuple[str, int]:
    level = row["level"]
    return level, row["school_id"] if level == Level.SCHOOL else (
        row["municipality_id"] if level == Level.MUNICIPALITY else row["region_id"]
    )


def _stage_chart(region: Region, stages) -> str:
    """График панели региона «показатели по этапам» — по этапам года до этого включительно."""
    _, figures = stage_rows(stages=stages, region=region, level=Level.REGION, object_id=region.pk)
    series = [
        Series(
            f"{stage.title} ({ru_date(stage.date)})", [f.share(spec.figure) if f else None for spec in SPECS]
        )
        for stage, f in zip(stages, figures, strict=True)
    ]
    return grouped_bars([spec.short for spec in SPECS], series, title=f"{region}: показатели по этапам")


def build_stage(*, snapshot_id: int, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    report = stage_report(snapshot_id)
    rows = 1 + len(report.municipalities) + len(report.schools)
    generated_at = timezone.now()
    if fmt == PDF:
        pages = render_pdf(
            template="reports/pdf/stage.html",
            out=out,
            context={
                "title": report.title,
                "report": report,
                "generated_at": generated_at,
                "object_specs": OBJECT_SPECS,
                "school_specs": SCHOOL_FIGURES,
                "taken_at": ru_datetime(report.snapshot.taken_at),
            },
        )
        progress(rows, rows)
        return Built(report.title, PDF, rows, pages)
    book = ExcelBook(title=report.title, generated_at=generated_at)
    notes = [f"Снимок этапа снят {ru_datetime(report.snapshot.taken_at)}; сравнение: {report.compared_with}"]
    previous_title = report.previous.stage.title if report.previous else "пред. этап"
    region_sheet = book.sheet(
        "Регион",
        title=report.title,
        notes=notes,
        columns=[
            Column("Показатель", 60),
            Column("Числитель", 12, INT),
            Column("Знаменатель", 12, INT),
            Column(report.snapshot.stage.title, 14, PERCENT),
            Column(previous_title, 14, PERCENT),
            Column("Изменение, п. п.", 14, CHANGE),
        ],
    )
    for line in report.lines:
        region_sheet.append(
            [
                line.spec.figure.label,
                line.numerator,
                line.denominator,
                fraction(line.now),
                fraction(line.before),
                line.change,
            ]
        )
    share_columns = [
        Column(f"{spec.short}: {title}", 14, PERCENT)
        for spec in OBJECT_SPECS
        for title in (report.snapshot.stage.title, previous_title)
    ]
    municipal_sheet = book.sheet(
        "Муниципалитеты",
        title=f"{report.title} — муниципалитеты",
        notes=notes,
        columns=[Column("Муниципалитет", 34), *share_columns],
    )
    for item in report.municipalities:
        municipal_sheet.append([item.name, *[fraction(v) for pair in item.cells(OBJECT_SPECS) for v in pair]])
    flag_columns = [
        Column(f"{spec.short}: {title}", 13)
        for spec in SCHOOL_FIGURES
        for title in (report.snapshot.stage.title, previous_title)
    ]
    school_sheet = book.sheet(
        "Школы",
        title=f"{report.title} — школы",
        notes=notes,
        columns=[Column("Муниципалитет", 28), Column("Школа", 34), *share_columns[:2], *flag_columns],
    )
    for item in report.schools:
        items_now, items_before = item.cells(OBJECT_SPECS[:1])[0]
        school_sheet.append(
            [
                item.municipality,
                item.name,
                fraction(items_now),
                fraction(items_before),
                *[word for pair in item.flags() for word in pair],
            ]
        )
    book.save(out)
    progress(rows, rows)
    return Built(report.title, XLSX, rows)


# --- Сводка по всем регионам -------------------------------------------------------------------


def national_title(year: int, as_of) -> str:
    return f"Проект 500+: сводка по всем регионам, {year} год (на {ru_date(as_of)})"


def build_national(*, year: int, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    as_of = timezone.localdate()
    progress(0, 100)
    table = rollup_table(year=year, as_of=as_of, schools=False)  # хранимые показатели; эталон — compute
    progress(60, 100)
    regions = list(Region.objects.order_by("name").values_list("pk", "code", "name"))
    lines = [(code, name, table.regions.get(pk) or Figures()) for pk, code, name in regions]
    total = totals(figures for _, _, figures in lines)
    title = national_title(year, as_of)
    if table.stale and table.computed_at:
        title += f", показатели на {timezone.localtime(table.computed_at):%H:%M}"
    generated_at = timezone.now()
    if fmt == PDF:
        pages = render_pdf(
            template="reports/pdf/national.html",
            out=out,
            context={
                "title": title,
                "generated_at": generated_at,
                "specs": SPECS,
                "total": total,
                "rows": [
                    (code, name, [pct(figures.share(spec.figure)) for spec in SPECS])
                    for code, name, figures in lines
                ],
                "total_cells": [pct(total.share(spec.figure)) for spec in SPECS],
            },
        )
        progress(100, 100)
        return Built(title, PDF, len(lines), pages)
    book = ExcelBook(title=title, generated_at=generated_at)
    columns = [Column("Код", 7), Column("Регион", 34)]
    for spec in SPECS:
        columns += [
            Column(f"{spec.short}: исполнено", 12, INT),
            Column(f"{spec.short}: всего", 12, INT),
            Column(f"{spec.short}: доля", 12, PERCENT),
        ]
    sheet = book.sheet(
        "Регионы",
        title=title,
        columns=columns,
        notes=["Текущие показатели на дату выгрузки; доли — числитель к знаменателю."],
    )
    for code, name, figures in [*lines, ("", "Все регионы", total)]:
        cells = []
        for spec in SPECS:
            cells += [
                figures[spec.numerator],
                figures[spec.denominator],
                fraction(figures.share(spec.figure)),
            ]
        sheet.append([code, name, *cells])
    legend = book.sheet(
        "Показатели",
        title="Что означают столбцы",
        columns=[
            Column("Краткое название", 22),
            Column("Показатель", 70),
            Column("Числитель", 30),
            Column("Знаменатель", 30),
        ],
    )
    labels = {field.name: str(field.verbose_name) for field in FigureRow._meta.fields}
    for spec in SPECS:
        legend.append([spec.short, spec.figure.label, labels[spec.numerator], labels[spec.denominator]])
    book.save(out)
    progress(100, 100)
    return Built(title, XLSX, len(lines))
