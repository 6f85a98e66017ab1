"""Этапы мониторинга и снимки показателей. Снимок региона пишется одной транзакцией: прежний снимок
этапа удаляется и новый вставляется вместе — ни двух снимков, ни половины снимка не бывает."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import User
from catalog.figures import SPECS, Figure
from config import fragments
from config.echo import echo
from jobs.celery_options import CONNECTION_ERRORS
from jobs.locks import job_lease
from jobs.services import job_dispatch
from monitoring.figures import COUNT_FIELDS, FigureTable, compute
from monitoring.models import (
    FigureRow,
    Level,
    MonitoringStage,
    RunStatus,
    Snapshot,
    SnapshotRun,
)
from schools.models import Region

PROGRESS_KEY = "monitoring:snapshot-run:{}:progress"
SNAPSHOT_JOB = "monitoring.snapshot"  # вид задания в jobs.specs


@transaction.atomic
def stage_save(
    *,
    stage: MonitoringStage | None = None,
    actor: User | None,
    region: Region | None,
    year: int,
    title: str,
    date: datetime.date,
) -> MonitoringStage:
    stage = stage or MonitoringStage(created_by=actor)
    stage.region, stage.year, stage.title, stage.date = region, year, title.strip(), date
    if date.year not in (year, year + 1):
        raise ValidationError(
            {"date": f"Дата этапа должна относиться к {year} году (или к началу следующего)."}
        )
    stage.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            stage.save()
    except IntegrityError as exc:
        raise ValidationError({"title": f"Этап «{echo(title)}» на {year} год уже есть."}) from exc
    # Этапы — на панелях регионов (федеральный этап — на всех): кэш сводок под новой версией.
    regions = [region.pk] if region else list(Region.objects.values_list("pk", flat=True))
    fragments.bump_after_commit(region_ids=regions)
    return stage


def snapshot_run_request(*, actor: User | None, stage: MonitoringStage, region: Region | None) -> SnapshotRun:
    """Ставит снимок в очередь. Если такой же уже идёт — возвращает его, второй не запускается.
    Брокер недоступен — задание ждёт «в очереди», его поставит подметальщик."""
    region = region or stage.region
    active = SnapshotRun.objects.filter(
        stage=stage, region=region, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    existing = active.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = SnapshotRun.objects.create(stage=stage, region=region, requested_by=actor)
            job_dispatch(kind=SNAPSHOT_JOB, obj=run)
    except IntegrityError:  # параллельный запрос успел раньше — отдаём его задание
        return active.get()
    return run


def snapshot_run_progress(run: SnapshotRun) -> int:
    return max(
        run.progress, cache.get(PROGRESS_KEY.format(run.pk), 0) if run.status == RunStatus.RUNNING else 0
    )


def snapshot_run_execute(*, run_id: int) -> SnapshotRun | None:
    """Выполняет задание: по региону — своя транзакция. Повторный запуск (после падения воркера)
    просто переснимает: замена атомарна, дублей не бывает. Готовое задание второй раз не выполняется,
    а то, что сейчас снимает другой воркер, — не трогается."""
    with job_lease(SNAPSHOT_JOB, run_id) as mine:
        if not mine:
            return None
        return _snapshot_run_execute(run_id)


def _snapshot_run_execute(run_id: int) -> SnapshotRun | None:
    with transaction.atomic():
        run = SnapshotRun.objects.select_for_update().select_related("stage").filter(pk=run_id).first()
        if run is None or run.status in (RunStatus.DONE, RunStatus.FAILED):
            return run
        run.status = RunStatus.RUNNING
        run.save(update_fields=["status"])
    stage = run.stage
    regions = [run.region] if run.region else ([stage.region] if stage.region else list(Region.objects.all()))
    try:
        # Показатели всех регионов задания считаются одним набором запросов, а пишутся по региону —
        # каждый в своей транзакции: так прогресс виден, а снимок региона всё равно цельный.
        table = _figures_on(stage, regions)
        for index, region in enumerate(regions):
            snapshot_write(stage=stage, region=region, table=table, taken_by=run.requested_by)
            percent = int(100 * (index + 1) / len(regions))
            SnapshotRun.objects.filter(pk=run.pk).update(progress=percent)
            cache.set(PROGRESS_KEY.format(run.pk), percent, timeout=3600)
    except CONNECTION_ERRORS:
        raise  # база недоступна — задача повторится (готовые регионы просто переснимутся)
    except Exception as error:
        SnapshotRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), message=f"Ошибка: {error}"[:500]
        )
        raise
    SnapshotRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
        message=f"Снято регионов: {len(regions)}",
    )
    run.refresh_from_db()
    return run


def snapshot_take(*, stage: MonitoringStage, region: Region, taken_by: User | None = None) -> Snapshot:
    """Снимок одного региона на дату этапа: показатели региона, муниципалитетов и школ и состояние
    каждого мероприятия; для мероприятий со связанным показателем — его значение на эту дату."""
    table = _figures_on(stage, [region])
    return snapshot_write(stage=stage, region=region, table=table, taken_by=taken_by)


def _figures_on(stage: MonitoringStage, regions: list[Region]) -> FigureTable:
    """Показатели на дату этапа. В сам день этапа (обычный случай: снимок по расписанию) — хранимые
    (monitoring.rollup; устаревшие регионы там считаются живьём), если они посчитаны на этот день; иначе —
    эталонным compute."""
    from monitoring.rollup import rollup_table

    if all(region.local_today() == stage.date for region in regions):
        table = rollup_table(year=stage.year, as_of=stage.date, region_ids=[r.pk for r in regions])
        if not table.stale:  # хранимые — со вчерашнего дня (местный день сменился раньше ночного пересчёта)
            return table
    return compute(year=stage.year, as_of=stage.date, region_ids=[r.pk for r in regions])


@transaction.atomic
def snapshot_write(
    *, stage: MonitoringStage, region: Region, table: FigureTable, taken_by: User | None = None
) -> Snapshot:
    """Заменяет снимок региона новым в одной транзакции (читатели видят прежний до коммита)."""
    Snapshot.objects.filter(stage=stage, region=region).delete()
    snapshot = Snapshot.objects.create(stage=stage, region=region, as_of=stage.date, taken_by=taken_by)
    if region.pk in table.stored_regions:  # хранимые показатели как есть — копия в базе, без Python
        with connection.cursor() as cursor:
            cursor.execute(FIGURES_COPY, [snapshot.pk, table.year, region.pk, *Level.values])
    else:
        FigureRow.objects.bulk_create(_figure_rows(snapshot, region, table), batch_size=2000)
    _write_items(snapshot, stage)
    fragments.bump_after_commit(region_ids=[region.pk])  # значения этапа — на панели региона
    return snapshot


def _figure_rows(snapshot: Snapshot, region: Region, table: FigureTable):
    def row(level, figures, **owner):
        return FigureRow(
            snapshot=snapshot,
            level=level,
            region=region,
            **owner,
            **{name: figures[name] for name in COUNT_FIELDS},
        )

    yield row(Level.REGION, table.regions[region.pk])
    for municipality_id, figures in table.municipalities.items():
        if table.municipality_region.get(municipality_id) == region.pk:
            yield row(Level.MUNICIPALITY, figures, municipality_id=municipality_id)
    for school_id, figures in table.schools.items():
        region_id, municipality_id = table.school_parent[school_id]
        if region_id == region.pk:
            yield row(Level.SCHOOL, figures, school_id=school_id, municipality_id=municipality_id)


_COUNTS = ", ".join(COUNT_FIELDS)
# Строки показателей снимка из хранимых (FigureRollup) того же года: те же числа, что собрал бы
# _figure_rows из rollup_table, но без объектов в Python. Уровни хранимых — те же слова, что у снимка.
FIGURES_COPY = f"""
INSERT INTO monitoring_figurerow (snapshot_id, level, region_id, municipality_id, school_id, {_COUNTS})
SELECT %s, level, region_id, municipality_id, school_id, {_COUNTS}
FROM monitoring_figurerollup
WHERE year = %s AND region_id = %s AND level IN (%s, %s, %s)
"""


def figures_for_item(
    table: FigureTable, *, level: str, region_id: int, municipality_id: int | None, school_id: int | None
):
    """Показатели владельца карты: региона, муниципалитета или школы."""
    if level == "school":
        return table.schools.get(school_id)
    if level == "municipal":
        return table.municipalities.get(municipality_id)
    return table.regions.get(region_id)


def _share_case() -> str:
    whens = " ".join(
        f"WHEN '{spec.figure.value}' "
        f"THEN ROUND(100.0 * fr.{spec.numerator} / NULLIF(fr.{spec.denominator}, 0), 1)"
        for spec in SPECS
    )
    return f"CASE i.indicator_figure {whens} END"


# Состояние каждого мероприятия региона на дату снимка; факт связанного показателя замораживается
# в той же вставке — из строки показателей владельца карты в этом же снимке (регион, муниципалитет или
# школа; соединение по уровню и id владельца — хешем). Потом он не меняется вместе с данными.
ITEMS_INSERT = f"""
INSERT INTO monitoring_snapshotitem (snapshot_id, roadmap_id, item_id, level, municipality_id, school_id,
    status, done_by_date, period_end, indicator_figure, target_value, actual_value)
SELECT %s, i.roadmap_id, i.id, r.level, r.municipality_id, r.school_id, i.status,
    CASE WHEN i.status = 'done' AND i.completed_on <= %s THEN TRUE ELSE FALSE END,
    i.period_end, i.indicator_figure, i.target_value, {_share_case()}
FROM roadmaps_item i JOIN roadmaps_roadmap r ON r.id = i.roadmap_id
LEFT JOIN monitoring_figurerow fr ON fr.snapshot_id = %s
    AND fr.level = CASE r.level WHEN 'regional' THEN 'region' WHEN 'municipal' THEN 'municipality'
        WHEN 'school' THEN 'school' END
    AND COALESCE(fr.school_id, fr.municipality_id, fr.region_id) = CASE r.level
        WHEN 'regional' THEN r.region_id WHEN 'municipal' THEN r.municipality_id
        WHEN 'school' THEN r.school_id END
WHERE r.region_id = %s AND r.year = %s
"""


def _write_items(snapshot: Snapshot, stage: MonitoringStage) -> None:
    with connection.cursor() as cursor:
        cursor.execute(ITEMS_INSERT, [snapshot.pk, stage.date, snapshot.pk, snapshot.region_id, stage.year])


def stages_due(*, now: datetime.datetime | None = None) -> list[tuple[MonitoringStage, Region]]:
    """Этапы, дата которых наступила по местному дню региона, а снимка ещё нет (для расписания beat)."""
    now = now or timezone.now()
    due = []
    stages = MonitoringStage.objects.filter(date__lte=(now + datetime.timedelta(days=1)).date())
    regions = list(Region.objects.all())
    taken = set(Snapshot.objects.filter(stage__in=stages).values_list("stage_id", "region_id"))
    active = set(
        SnapshotRun.objects.filter(
            stage__in=stages, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).values_list("stage_id", "region_id")
    )
    for stage in stages:
        for region in [r for r in regions if stage.region_id in (None, r.pk)]:
            key = (stage.pk, region.pk)
            if region.local_today(now) >= stage.date and key not in taken and key not in active:
                due.append((stage, region))
    return due


def figure_label(code: str) -> str:
    return Figure(code).label if code in Figure.values else code
