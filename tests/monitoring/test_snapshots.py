"""Снимок мониторинга: замораживает показатели и состояние мероприятий на дату этапа; повтор заменяет
его целиком и атомарно; задание снимка безопасно запускать дважды; расписание следует местному дню."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from monitoring import rollup, services
from monitoring.figures import COUNT_FIELDS
from monitoring.models import FigureRow, Level, RunStatus, Snapshot, SnapshotItem, SnapshotRun
from monitoring.tasks import take_due_snapshots
from roadmaps.models import Item
from tests.factories import RegionFactory
from tests.monitoring.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(figures_world):
    return services.stage_save(
        actor=None, region=figures_world["region"], year=TODAY.year, title="1-й этап", date=TODAY
    )


def test_snapshot_freezes_figures_of_region_municipalities_and_schools(figures_world, stage):
    a = figures_world
    snapshot = services.snapshot_take(stage=stage, region=a["region"])
    region_row = snapshot.rows.get(level=Level.REGION)
    assert (
        region_row.schools_total,
        region_row.schools_visited,
        region_row.items_total,
        region_row.items_done,
        region_row.maps_approved,
        region_row.municipalities_total,
    ) == (3, 1, 3, 1, 1, 2)
    assert snapshot.rows.filter(level=Level.MUNICIPALITY).count() == 2
    assert snapshot.rows.filter(level=Level.SCHOOL).count() == 3
    # состояние каждого мероприятия региона (региональная и муниципальные карты) — 6 мероприятий
    assert snapshot.items.count() == 6
    assert snapshot.items.filter(done_by_date=True).count() == 1


def test_snapshot_does_not_change_when_data_changes(figures_world, stage):
    snapshot = services.snapshot_take(stage=stage, region=figures_world["region"])
    Item.objects.update(status="done", completed_on=TODAY)
    assert snapshot.items.filter(done_by_date=True).count() == 1
    assert snapshot.rows.get(level=Level.REGION).items_done == 1


def test_retaking_replaces_the_snapshot_whole(figures_world, stage):
    first = services.snapshot_take(stage=stage, region=figures_world["region"])
    counts = (FigureRow.objects.count(), SnapshotItem.objects.count())
    second = services.snapshot_take(stage=stage, region=figures_world["region"])
    assert Snapshot.objects.filter(stage=stage).count() == 1 and first.pk != second.pk
    assert (FigureRow.objects.count(), SnapshotItem.objects.count()) == counts


def test_failed_retake_keeps_previous_snapshot(figures_world, stage, monkeypatch):
    services.snapshot_take(stage=stage, region=figures_world["region"])
    before = (Snapshot.objects.get().pk, FigureRow.objects.count(), SnapshotItem.objects.count())

    def broken(*args, **kwargs):
        raise RuntimeError("сбой посреди снимка")

    monkeypatch.setattr(services, "_write_items", broken)  # строки показателей уже записаны
    with pytest.raises(RuntimeError):
        services.snapshot_take(stage=stage, region=figures_world["region"])
    assert (Snapshot.objects.get().pk, FigureRow.objects.count(), SnapshotItem.objects.count()) == before


def test_linked_indicator_is_frozen_with_its_value(figures_world, stage):
    item = figures_world["region"].roadmaps.get(level="regional").items.order_by("position").last()
    Item.objects.filter(pk=item.pk).update(indicator_figure="schools_visited", target_value=100)
    snapshot = services.snapshot_take(stage=stage, region=figures_world["region"])
    frozen = snapshot.items.get(item_id=item.pk)
    assert (frozen.actual_value, frozen.target_value) == (Decimal("33.30"), 100)


def test_requesting_the_same_snapshot_twice_starts_one_job(
    figures_world, stage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.snapshot_run_request(actor=None, stage=stage, region=None)
        second = services.snapshot_run_request(actor=None, stage=stage, region=None)
    assert first.pk == second.pk and len(callbacks) == 1


def test_running_a_job_twice_changes_nothing_the_second_time(figures_world, stage):
    run = SnapshotRun.objects.create(stage=stage, region=figures_world["region"])
    services.snapshot_run_execute(run_id=run.pk)
    snapshot_id = Snapshot.objects.get().pk
    services.snapshot_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100
    assert Snapshot.objects.get().pk == snapshot_id


def test_federal_stage_snapshots_every_region(figures_world, world):
    federal = services.stage_save(actor=None, region=None, year=TODAY.year, title="2-й этап", date=TODAY)
    run = SnapshotRun.objects.create(stage=federal)
    services.snapshot_run_execute(run_id=run.pk)
    assert set(Snapshot.objects.values_list("region_id", flat=True)) == {
        world["a"]["region"].pk,
        world["b"]["region"].pk,
    }


def test_beat_takes_snapshot_on_the_regions_local_day(db, django_capture_on_commit_callbacks):
    perm = RegionFactory(name="Пермский край", timezone="Asia/Yekaterinburg")
    moscow = RegionFactory(name="Владимирская область", timezone="Europe/Moscow")
    day = datetime.date(2026, 6, 26)
    for region in (perm, moscow):
        services.stage_save(actor=None, region=region, year=2026, title="1-й этап", date=day)
    utc = zoneinfo.ZoneInfo("UTC")
    with time_machine.travel(datetime.datetime(2026, 6, 25, 20, 30, tzinfo=utc), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert take_due_snapshots() == 1  # в Перми уже 26-е, в Москве ещё 25-е
        assert Snapshot.objects.get().region == perm
        assert take_due_snapshots() == 0  # снимок есть — второй раз не снимается
    with (
        time_machine.travel(datetime.datetime(2026, 6, 25, 21, 30, tzinfo=utc), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert take_due_snapshots() == 1
    assert Snapshot.objects.count() == 2


def test_stage_date_far_from_its_year_is_refused(figures_world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="должна относиться"):
        services.stage_save(
            actor=None,
            region=figures_world["region"],
            year=2021,
            title="1-й этап",
            date=datetime.date(2026, 6, 1),
        )


def test_snapshot_from_stored_figures_is_copied_in_the_database_and_equals_the_live_one(figures_world, stage):
    region = figures_world["region"]
    regional = region.roadmaps.get(level="regional").items.order_by("position").last()
    municipal = Item.objects.filter(roadmap__municipality=figures_world["m1"]).first()
    Item.objects.filter(pk__in=[regional.pk, municipal.pk]).update(
        indicator_figure="schools_visited", target_value=100
    )

    def content(snapshot: Snapshot) -> tuple[list, list]:
        figure_rows = snapshot.rows.values_list(
            "level", "region_id", "municipality_id", "school_id", *COUNT_FIELDS
        )
        items = snapshot.items.values_list("item_id", "level", "status", "done_by_date", "actual_value")
        return sorted(figure_rows, key=str), sorted(items)

    assert not services._figures_on(stage, [region]).stored_regions  # хранимых ещё нет: считается живьём
    live = content(services.snapshot_take(stage=stage, region=region))
    rollup.rollup_recompute_all(years=[TODAY.year])
    assert services._figures_on(stage, [region]).stored_regions == {region.pk}  # копия в базе
    copied = content(services.snapshot_take(stage=stage, region=region))
    assert copied == live
    frozen = {item_id: actual for item_id, _, _, _, actual in copied[1]}
    assert frozen[regional.pk] == Decimal("33.30") and frozen[municipal.pk] is not None


def test_deleting_a_stage_deletes_its_snapshot_items_too(figures_world, stage):
    services.snapshot_take(stage=stage, region=figures_world["region"])
    assert SnapshotItem.objects.exists()
    stage.delete()
    assert not Snapshot.objects.exists() and not FigureRow.objects.exists()
    assert not SnapshotItem.objects.exists()
