"""Снимок в день этапа берёт хранимые показатели, только если они посчитаны на этот день. Хранимые со
вчерашнего дня (ночной пересчёт ещё не прошёл, а местный день региона уже сменился) в снимок не
копируются: он считается эталонным compute на дату этапа."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from monitoring import rollup, services
from monitoring.figures import COUNT_FIELDS, compute
from monitoring.models import Level, RollupDirty
from tests.monitoring.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_snapshot_on_the_stage_day_does_not_copy_yesterdays_stored_figures(figures_world):
    region = figures_world["region"]
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1)):
        rollup.rollup_recompute_all(years=[TODAY.year])  # посчитано вчера: сегодняшнее не входит
    RollupDirty.objects.all().delete()  # отметки записей мира (они «сегодняшние») — уже пересчитаны
    stage = services.stage_save(actor=None, region=region, year=TODAY.year, title="1-й этап", date=TODAY)
    snapshot = services.snapshot_take(stage=stage, region=region)
    row = snapshot.rows.get(level=Level.REGION)
    expected = compute(year=TODAY.year, as_of=TODAY, region_ids=[region.pk]).regions[region.pk]
    assert {name: getattr(row, name) for name in COUNT_FIELDS} == expected.counts
