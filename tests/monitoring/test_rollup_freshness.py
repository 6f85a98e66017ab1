"""Пометка «на ЧЧ:ММ» честная для каждого региона: хранимые цифры одного региона посчитаны до начала
его нового местного дня — сводка по стране помечена, даже если другой регион пересчитан раньше него."""

import datetime

import pytest
from django.utils import timezone

from monitoring import rollup
from monitoring.models import FigureRollup, RollupDirty, RollupLevel
from tests.monitoring.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_country_table_is_stale_when_any_region_is_from_before_its_day(world):
    a, b = world["a"]["region"], world["b"]["region"]
    rollup.rollup_recompute_all(years=[TODAY.year])
    RollupDirty.objects.all().delete()
    now = timezone.now()
    rows = FigureRollup.objects.filter(year=TODAY.year, level=RollupLevel.REGION)
    rows.filter(region=a).update(computed_at=now - datetime.timedelta(hours=2))  # раньше, но сегодня
    rows.filter(region=b).update(
        computed_at=now - datetime.timedelta(hours=1), as_of=b.local_today() - datetime.timedelta(days=1)
    )
    table = rollup.rollup_table(year=TODAY.year, as_of=TODAY, schools=False)
    assert table.stale


def test_country_table_is_fresh_when_every_region_is_from_its_day(world):
    rollup.rollup_recompute_all(years=[TODAY.year])
    RollupDirty.objects.all().delete()
    assert not rollup.rollup_table(year=TODAY.year, as_of=TODAY, schools=False).stale
