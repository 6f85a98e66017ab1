"""Хранимые показатели (FigureRollup): отметка «устарело», пересчёт и чтение.

Запись. Любой сервис, который меняет то, что считают показатели (мероприятия, карты, посещения,
документы, рисковые профили, участие школ, муниципалитеты), в своей транзакции вызывает
``rollup_mark_dirty(region_ids=..., years=...)``. После коммита ставится задача пересчёта
(`monitoring.tasks.recompute_dirty_rollups`; без брокера — сразу). Задача пересчитывает только отмеченные
пары «регион, год» — каждую в своей транзакции, эталонным `figures.compute`; строка-отметка захвачена
`select_for_update(skip_locked)`, так что два воркера не делят одну работу, а прерванный пересчёт
откатывается и оставляет отметку на месте. Повторный запуск ничего не портит. Ночью — полный пересчёт.

Чтение. ``rollup_table`` собирает ту же `FigureTable`, что и `compute`, из хранимых строк. Регион без
хранимых строк или с отметкой «устарело» (запись уже сделана, пересчёт ещё в очереди) считается живьём —
так человек всегда видит своё изменение. Если таких регионов слишком много (массовая загрузка),
показываются хранимые цифры с пометкой «на ЧЧ:ММ»."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from config import fragments
from jobs.enqueue import send_now, task_named
from monitoring.figures import COUNT_FIELDS, Figures, FigureTable, compute
from monitoring.models import FigureRollup, RollupDirty, RollupLevel
from roadmaps.models import RoadMap
from schools.models import Participation, Region, School

logger = logging.getLogger(__name__)

# Больше стольких устаревших регионов живьём не считаем: страница покажет хранимые цифры «на ЧЧ:ММ».
LIVE_OVERLAY_MAX_REGIONS = 5
DEBOUNCE_KEY = "monitoring:rollup:enqueued"


# --- Отметка «устарело» -------------------------------------------------------------------------


def rollup_years(*, region_ids: Iterable[int]) -> set[int]:
    """Годы, за которые у регионов есть что считать: участие школ и дорожные карты."""
    region_ids = list(region_ids)
    years = set(
        Participation.objects.filter(school__municipality__region_id__in=region_ids)
        .values_list("year", flat=True)
        .distinct()
    )
    years |= set(RoadMap.objects.filter(region_id__in=region_ids).values_list("year", flat=True).distinct())
    return years


def rollup_mark_dirty(*, region_ids: Iterable[int | None], years: Iterable[int] | None = None) -> None:
    """Отмечает показатели регионов за годы устаревшими (в текущей транзакции) и после коммита ставит
    пересчёт. Без years — все годы регионов (так для посещений: они засчитываются в каждом году)."""
    region_ids = sorted({pk for pk in region_ids if pk})
    if not region_ids:
        return
    # Сводки в кэше — под новой версией области, даже если считать показателям нечего (новый регион
    # без школ в программе и карт): панель показывает и то, что не показатели, — муниципалитеты, сроки.
    fragments.bump_after_commit(region_ids=region_ids)
    years = sorted(set(years) if years is not None else rollup_years(region_ids=region_ids))
    if not years:
        return
    now = timezone.now()
    RollupDirty.objects.bulk_create(
        [RollupDirty(region_id=pk, year=year, marked_at=now) for pk in region_ids for year in years],
        update_conflicts=True,
        unique_fields=["region", "year"],
        update_fields=["marked_at"],
    )
    transaction.on_commit(enqueue_recompute)


def rollup_mark_school(*, school_id: int, years: Iterable[int] | None = None) -> None:
    """Отметка по школе: её регион (одним запросом) за годы (без years — все годы региона)."""
    region_id = School.objects.filter(pk=school_id).values_list("municipality__region_id", flat=True).first()
    rollup_mark_dirty(region_ids=[region_id], years=years)


def rollup_mark_new_day() -> int:
    """Каждый час: регионы, чьи хранимые показатели посчитаны до начала их местного дня (ночной полный
    пересчёт идёт по времени сервера, а день на Камчатке начинается на 9 часов раньше московского),
    отмечаются устаревшими — их пересчитает задача по отметке. Возвращает число отмеченных регионов."""
    today = {region.pk: region.local_today() for region in Region.objects.all()}
    stale: dict[int, set[int]] = defaultdict(set)
    rows = FigureRollup.objects.filter(level=RollupLevel.REGION).values_list("region_id", "year", "as_of")
    for region_id, year, as_of in rows:
        if region_id in today and as_of < today[region_id]:
            stale[region_id].add(year)
    for region_id, years in stale.items():
        rollup_mark_dirty(region_ids=[region_id], years=years)
    return len(stale)


def enqueue_recompute() -> None:
    """Ставит пересчёт отмеченного. С брокером — не чаще раза в ROLLUP_DEBOUNCE_SECONDS: серия записей
    подряд пересчитывается одной задачей (задача снимает ключ в начале, так что ничего не теряется)."""
    from config.celery import app

    # По имени: задача сама вызывает пересчёт отсюда (модули не импортируют друг друга по кругу).
    recompute_dirty_rollups = task_named("monitoring.tasks.recompute_dirty_rollups")

    if app.conf.task_always_eager:  # без брокера (демо, тесты) — сразу; решает то же, что и send_now
        recompute_dirty_rollups.delay()
        return
    delay = settings.ROLLUP_DEBOUNCE_SECONDS
    # Брокер или кэш недоступны — запрос не падает: отметки остаются в базе, их подберёт следующая запись
    # или beat (monitoring-recompute-dirty-rollups), а до тех пор страницы считают отмеченное живьём.
    if cache.add(DEBOUNCE_KEY, 1, timeout=delay + 30) and not send_now(
        recompute_dirty_rollups, countdown=delay
    ):
        cache.delete(DEBOUNCE_KEY)


# --- Пересчёт -----------------------------------------------------------------------------------


def _rows(regions: list[Region], year: int, table: FigureTable, now: datetime) -> list[FigureRollup]:
    """Строки хранимых показателей регионов из таблицы compute (по одному региону или по группе)."""
    common = {"year": year, "as_of": table.as_of, "computed_at": now}
    wanted = {region.pk for region in regions}

    def row(level, key, figures: Figures, **objects) -> FigureRollup:
        return FigureRollup(level=level, object_key=key, **objects, **common, **figures.counts)

    rows = [row(RollupLevel.REGION, pk, table.regions[pk], region_id=pk) for pk in sorted(wanted)]
    for pk, region_id in table.municipality_region.items():
        if region_id in wanted:
            rows.append(
                row(
                    RollupLevel.MUNICIPALITY,
                    pk,
                    table.municipalities[pk],
                    region_id=region_id,
                    municipality_id=pk,
                )
            )
    parents = {pk: parent for pk, parent in table.school_parent.items()}
    orphans = [pk for pk in table.schools if pk not in parents]  # карты школ вне программы года
    if orphans:
        for pk, municipality_id, region_id in School.objects.filter(pk__in=orphans).values_list(
            "pk", "municipality_id", "municipality__region_id"
        ):
            parents[pk] = (region_id, municipality_id)
    for pk, figures in table.schools.items():
        region_id, municipality_id = parents.get(pk, (None, None))
        if region_id in wanted:
            rows.append(
                row(
                    RollupLevel.SCHOOL,
                    pk,
                    figures,
                    region_id=region_id,
                    municipality_id=municipality_id,
                    school_id=pk,
                )
            )
    return rows


UPDATE_FIELDS = ["region", "municipality", "school", "as_of", "computed_at", *COUNT_FIELDS]


def _write_region(region: Region, year: int) -> None:
    now = timezone.now()
    table = compute(year=year, as_of=region.local_today(), region_ids=[region.pk])
    FigureRollup.objects.bulk_create(
        _rows([region], year, table, now),
        update_conflicts=True,
        unique_fields=["year", "level", "object_key"],
        update_fields=UPDATE_FIELDS,
        batch_size=1000,
    )
    # Всё, что этот пересчёт не записал (школа вышла из программы, муниципалитет удалён), — лишнее.
    FigureRollup.objects.filter(year=year, region=region).exclude(computed_at=now).delete()
    _write_country(year, now)


def _write_country(year: int, now: datetime) -> None:
    """Строка страны — сумма строк регионов (одна на год; захват строки упорядочивает воркеров)."""
    sums = FigureRollup.objects.filter(year=year, level=RollupLevel.REGION).aggregate(
        **{name: Sum(name) for name in COUNT_FIELDS}
    )
    counts = {name: sums[name] or 0 for name in COUNT_FIELDS}
    FigureRollup.objects.select_for_update().filter(year=year, level=RollupLevel.COUNTRY).first()
    FigureRollup.objects.update_or_create(
        year=year,
        level=RollupLevel.COUNTRY,
        object_key=0,
        defaults={"as_of": timezone.localdate(), "computed_at": now, **counts},
    )


def rollup_recompute_region(*, region_id: int, year: int) -> bool:
    """Пересчитывает один регион за год в одной транзакции и снимает его отметку. False — отметку
    уже держит другой воркер (он и пересчитает)."""
    with transaction.atomic():
        claimed = list(
            RollupDirty.objects.select_for_update(skip_locked=True).filter(region_id=region_id, year=year)
        )
        all_marks = RollupDirty.objects.filter(region_id=region_id, year=year)
        if not claimed and all_marks.exists():
            return False
        region = _lock_regions([region_id])  # идёт полный пересчёт этого региона — ждём его коммита
        if region:
            _write_region(region[0], year)
        all_marks.delete()
    return True


def _lock_regions(region_ids: list[int]) -> list[Region]:
    """Пересчёты одного региона идут по очереди: считает и пишет строки тот, кто держит строку региона
    (FOR NO KEY UPDATE — запись отметок, которая ссылается на регион, этим не блокируется). Иначе
    пересчёт, посчитавший раньше, мог бы записать свои старые цифры поверх более новых."""
    return list(Region.objects.select_for_update(no_key=True).filter(pk__in=region_ids).order_by("pk"))


def rollup_recompute_dirty(*, limit: int | None = None) -> int:
    """Пересчитывает все отмеченные пары «регион, год» (по одной транзакции на пару). Возвращает число
    пересчитанных. Безопасно запускать дважды и одновременно."""
    cache.delete(DEBOUNCE_KEY)
    done = 0
    pending = list(RollupDirty.objects.order_by("marked_at").values_list("region_id", "year")[:limit])
    for region_id, year in pending:
        done += rollup_recompute_region(region_id=region_id, year=year)
    return done


def rollup_recompute_all(*, years: Iterable[int] | None = None) -> int:
    """Полный пересчёт (ночью, после generate_demo и больших загрузок): все регионы за все годы.
    Регионы с одной местной датой считаются одним compute на год — набор запросов на всю страну."""
    regions = list(Region.objects.order_by("pk"))
    every_year = years is None
    years = sorted(years if years is not None else rollup_years(region_ids=[r.pk for r in regions]))
    by_day: dict[date, list[Region]] = defaultdict(list)
    for region in regions:
        by_day[region.local_today()].append(region)
    for year in years:
        for day, group in by_day.items():
            with transaction.atomic():
                _lock_regions([r.pk for r in group])
                # Снимаются только отметки, захваченные до расчёта: их записи уже зафиксированы, и расчёт
                # их видит. Отметку записи, которая ещё идёт (строка занята или не видна), не трогаем —
                # её изменения могли не попасть в расчёт, её пересчитает задача по отметке.
                claimed = list(
                    RollupDirty.objects.select_for_update(skip_locked=True)
                    .filter(region__in=group, year=year)
                    .values_list("pk", flat=True)
                )
                table = compute(year=year, as_of=day, region_ids=[r.pk for r in group])
                now = timezone.now()
                FigureRollup.objects.bulk_create(
                    _rows(group, year, table, now),
                    update_conflicts=True,
                    unique_fields=["year", "level", "object_key"],
                    update_fields=UPDATE_FIELDS,
                    batch_size=1000,
                )
                FigureRollup.objects.filter(year=year, region__in=group).exclude(computed_at=now).delete()
                RollupDirty.objects.filter(pk__in=claimed).delete()
        with transaction.atomic():
            _write_country(year, timezone.now())
    if every_year:  # годы, в которых не осталось ни участия, ни карт
        FigureRollup.objects.exclude(year__in=years).delete()
    return len(regions) * len(years)


# --- Чтение -------------------------------------------------------------------------------------


def _figures(row: FigureRollup) -> Figures:
    return Figures(counts={name: getattr(row, name) for name in COUNT_FIELDS})


def rollup_table(
    *, year: int, as_of: date, region_ids: list[int] | None = None, schools: bool = True
) -> FigureTable:
    """Показатели на сегодня из хранимых строк (по всей стране — только строки регионов, если
    schools=False). Регионы без строк и с отметкой «устарело» считаются живьём (см. модуль)."""
    table = FigureTable(as_of=as_of, year=year)
    rows = FigureRollup.objects.filter(year=year).exclude(level=RollupLevel.COUNTRY)
    if region_ids is not None:
        rows = rows.filter(region_id__in=region_ids)
    if not schools:
        rows = rows.filter(level=RollupLevel.REGION)
    stored_regions, oldest, school_regions, region_as_of = set(), None, {}, {}
    for row in rows.only(
        "level", "object_key", "region_id", "municipality_id", "as_of", "computed_at", *COUNT_FIELDS
    ):
        figures = _figures(row)
        if row.level == RollupLevel.REGION:
            table.regions[row.object_key] = figures
            stored_regions.add(row.object_key)
            region_as_of[row.object_key] = row.as_of
            if oldest is None or row.computed_at < oldest[0]:
                oldest = (row.computed_at, row.as_of)
        elif row.level == RollupLevel.MUNICIPALITY:
            table.municipalities[row.object_key] = figures
            table.municipality_region[row.object_key] = row.region_id
        else:
            table.schools[row.object_key] = figures
            school_regions[row.object_key] = row.region_id
            if figures.counts["schools_total"]:
                table.school_parent[row.object_key] = (row.region_id, row.municipality_id)
    if region_ids is not None:
        wanted, days = set(region_ids), dict.fromkeys(region_ids, as_of)
    else:  # по стране — каждый регион сверяется со своим местным днём
        days = {region.pk: region.local_today() for region in Region.objects.only("timezone")}
        wanted = set(days)
    dirty = set(
        RollupDirty.objects.filter(year=year, region_id__in=wanted).values_list("region_id", flat=True)
    )
    missing = wanted - stored_regions
    live = missing | (dirty if len(dirty) <= LIVE_OVERLAY_MAX_REGIONS else set())
    if live:
        _overlay_live(table, year=year, as_of=as_of, region_ids=sorted(live), school_regions=school_regions)
    table.computed_at = oldest[0] if oldest else None
    # Устарело: отмеченное показано как есть (отметок слишком много) или строки региона посчитаны до
    # начала его местного дня (ночной и ежечасный пересчёт ещё не прошли).
    behind = any(region_as_of[pk] < days.get(pk, as_of) for pk in stored_regions - live)
    table.stale = bool(dirty - live) or behind
    table.stored_regions = stored_regions - live
    return table


def _overlay_live(
    table: FigureTable, *, year: int, as_of: date, region_ids: list[int], school_regions: dict[int, int]
) -> None:
    live = compute(year=year, as_of=as_of, region_ids=region_ids)
    for pk in region_ids:
        table.regions[pk] = live.regions[pk]
    region_set = set(region_ids)
    for pk in [k for k, r in table.municipality_region.items() if r in region_set]:
        table.municipalities.pop(pk, None)
    for pk in [k for k, r in school_regions.items() if r in region_set]:
        table.schools.pop(pk, None)
        table.school_parent.pop(pk, None)
    for pk, figures in live.municipalities.items():
        table.municipalities[pk] = figures
    for pk, figures in live.schools.items():
        table.schools[pk] = figures
    table.school_parent.update(live.school_parent)
    table.municipality_region.update(live.municipality_region)


def owner_figures(*, year: int, level: str, object_id: int, region_id: int, as_of: date) -> Figures | None:
    """Показатели одного объекта (страница карты: значения связанных показателей)."""
    dirty = RollupDirty.objects.filter(year=year, region_id=region_id).exists()
    row = None if dirty else FigureRollup.objects.filter(year=year, level=level, object_key=object_id).first()
    # Отмечен, не посчитан или посчитан до начала местного дня (пересчёт в очереди) — живьём.
    if row is None or row.as_of < as_of:
        table = compute(year=year, as_of=as_of, region_ids=[region_id])
        source = {
            RollupLevel.REGION: table.regions,
            RollupLevel.MUNICIPALITY: table.municipalities,
            RollupLevel.SCHOOL: table.schools,
        }[level]
        return source.get(object_id)
    return _figures(row)
