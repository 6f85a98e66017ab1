"""Местный день региона сменился, а хранимые показатели посчитаны вчера (ночной пересчёт идёт по времени
сервера, а регионы — от Калининграда до Камчатки): ежечасная задача отмечает такие регионы, и их
пересчитывают по отметке; значения показателей на странице карты до пересчёта считаются живьём."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from monitoring import rollup, tasks
from monitoring.figures import compute
from monitoring.models import FigureRollup, RollupDirty, RollupLevel
from tests.monitoring.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed_yesterday(figures_world):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1)):
        rollup.rollup_recompute_all(years=[TODAY.year])
    RollupDirty.objects.all().delete()  # отметки записей мира уже учтены
    return figures_world


def test_hourly_task_marks_regions_whose_local_day_changed_and_they_are_recomputed(
    computed_yesterday, django_capture_on_commit_callbacks
):
    region = computed_yesterday["region"]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.mark_new_day_rollups() >= 1
    row = FigureRollup.objects.get(year=TODAY.year, level=RollupLevel.REGION, object_key=region.pk)
    assert row.as_of == region.local_today()
    expected = compute(year=TODAY.year, as_of=region.local_today(), region_ids=[region.pk])
    assert row.items_done == expected.regions[region.pk]["items_done"]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.mark_new_day_rollups() == 0  # всё свежее — отмечать нечего


def test_map_figure_values_are_live_while_the_stored_row_is_from_yesterday(computed_yesterday):
    region = computed_yesterday["region"]
    values = rollup.owner_figures(
        year=TODAY.year, level="region", object_id=region.pk, region_id=region.pk, as_of=region.local_today()
    )
    expected = compute(year=TODAY.year, as_of=region.local_today(), region_ids=[region.pk])
    assert values.counts == expected.regions[region.pk].counts


def test_new_day_task_is_scheduled_hourly():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("mark_new_day_rollups")
    )
    assert entry["schedule"] <= 3600
