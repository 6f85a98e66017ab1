"""Хранимые показатели (monitoring.rollup) совпадают с эталоном figures.compute: после полного
пересчёта, после записи и пересчёта по отметке, при повторном и прерванном пересчёте."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from monitoring import rollup
from monitoring.figures import COUNT_FIELDS, compute
from monitoring.models import FigureRollup, RollupDirty, RollupLevel
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from schools import services as school_services
from schoolwork import services as schoolwork_services
from schoolwork.models import VisitKind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def stored(year: int = YEAR) -> dict[tuple[str, int], dict[str, int]]:
    """Хранимые строки как есть (без живого пересчёта устаревших регионов), без нулевых строк."""
    result = {}
    for row in FigureRollup.objects.filter(year=year):
        counts = {name: getattr(row, name) for name in COUNT_FIELDS}
        if any(counts.values()):
            result[(row.level, row.object_key)] = counts
    return result


def reference(year: int = YEAR) -> dict[tuple[str, int], dict[str, int]]:
    """То же по эталону: compute по каждому региону на его местную дату, страна — сумма регионов."""
    from schools.models import Region

    result, country = {}, dict.fromkeys(COUNT_FIELDS, 0)
    for region in Region.objects.all():
        table = compute(year=year, as_of=region.local_today(), region_ids=[region.pk])
        for level, part in (
            (RollupLevel.REGION, table.regions),
            (RollupLevel.MUNICIPALITY, table.municipalities),
            (RollupLevel.SCHOOL, table.schools),
        ):
            for pk, figures in part.items():
                if any(figures.counts.values()):
                    result[(level, pk)] = dict(figures.counts)
        for name in COUNT_FIELDS:
            country[name] += table.regions[region.pk].counts[name]
    if any(country.values()):
        result[(RollupLevel.COUNTRY, 0)] = country
    return result


def test_full_recompute_equals_reference(figures_world):
    rollup.rollup_recompute_all(years=[YEAR, YEAR - 1])
    assert stored() == reference()
    assert stored()[(RollupLevel.REGION, figures_world["region"].pk)]["items_done"] == 1
    assert not RollupDirty.objects.exists()


def test_service_write_marks_region_dirty_and_commit_recomputes(
    figures_world, django_capture_on_commit_callbacks
):
    rollup.rollup_recompute_all(years=[YEAR])
    item = figures_world["region"].roadmaps.get(level="regional").items.order_by("position").last()
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.item_update(
            actor=None,
            item=item,
            expected_version=item.version,
            description="готово",
            status=ItemStatus.DONE,
            completed_on=TODAY,
        )
        assert RollupDirty.objects.filter(region=figures_world["region"], year=YEAR).exists()
    assert not RollupDirty.objects.exists()  # задача (без брокера — сразу) сняла отметку
    assert stored() == reference()
    assert stored()[(RollupLevel.REGION, figures_world["region"].pk)]["items_done"] == 2


def test_pending_mark_is_read_live_so_the_writer_sees_the_change(figures_world, client):
    """Запись сделана, пересчёт ещё в очереди: панель региона всё равно показывает новое значение."""
    rollup.rollup_recompute_all(years=[YEAR])
    coordinator = figures_world[Role.REGIONAL_COORDINATOR]
    item = figures_world["region"].roadmaps.get(level="regional").items.order_by("position").last()
    roadmap_services.item_update(  # в тесте on_commit не срабатывает — отметка остаётся
        actor=coordinator,
        item=item,
        expected_version=item.version,
        description="готово",
        status=ItemStatus.DONE,
        completed_on=TODAY,
    )
    assert RollupDirty.objects.exists()
    client.force_login(coordinator)
    response = client.get(reverse("monitoring:region", args=[figures_world["region"].pk]))
    html = response.content.decode()
    row = re.search(r'<tr data-figure="items_done">.*?</tr>', html, re.S).group(0)
    assert "2 из 3" in row
    assert "Показатели пересчитаны на" not in html  # не «устарело»: показаны живые цифры


def test_recompute_twice_changes_nothing(figures_world):
    rollup.rollup_recompute_all(years=[YEAR])
    rollup.rollup_mark_dirty(region_ids=[figures_world["region"].pk], years=[YEAR])
    assert rollup.rollup_recompute_dirty() == 1
    first = stored()
    assert rollup.rollup_recompute_dirty() == 0  # отметок нет — работы нет
    rollup.rollup_mark_dirty(region_ids=[figures_world["region"].pk], years=[YEAR])
    rollup.rollup_recompute_dirty()
    assert stored() == first == reference()


def test_recompute_killed_halfway_keeps_the_mark_and_the_rerun_repairs(figures_world, monkeypatch):
    rollup.rollup_recompute_all(years=[YEAR])
    before = stored()
    school = figures_world["s2"]
    curator = figures_world[Role.CURATOR]
    from tests.factories import assign_curator

    assign_curator(curator, school)
    schoolwork_services.visit_log(
        actor=curator,
        school=school,
        kind=VisitKind.values[0],
        date=TODAY,
        purpose="Знакомство",
        findings="Всё посмотрели",
    )

    def killed(year, now):
        raise SystemExit("воркер убит")

    monkeypatch.setattr(rollup, "_write_country", killed)  # падение после записи строк региона
    with pytest.raises(SystemExit):
        rollup.rollup_recompute_dirty()
    assert stored() == before  # транзакция откатилась целиком: ни половины строк…
    assert RollupDirty.objects.filter(region=figures_world["region"]).exists()  # …ни потерянной отметки
    monkeypatch.undo()
    rollup.rollup_recompute_dirty()
    assert stored() == reference()
    assert stored()[(RollupLevel.SCHOOL, school.pk)]["schools_visited"] == 1


def test_stale_rollup_is_shown_with_its_time(figures_world, client):
    rollup.rollup_recompute_all(years=[YEAR])
    FigureRollup.objects.filter(level=RollupLevel.REGION).update(
        as_of=TODAY - datetime.timedelta(days=2),
        computed_at=timezone.now() - datetime.timedelta(days=2),
    )
    client.force_login(figures_world[Role.REGIONAL_COORDINATOR])
    response = client.get(reverse("monitoring:region", args=[figures_world["region"].pk]))
    assert "Показатели пересчитаны на" in response.content.decode()


def test_participation_change_is_counted(figures_world):
    rollup.rollup_recompute_all(years=[YEAR])
    school = figures_world["s3"]
    school_services.school_set_years(school=school, years=[])
    rollup.rollup_recompute_dirty()
    assert stored() == reference()
    region_row = stored()[(RollupLevel.REGION, figures_world["region"].pk)]
    assert region_row["schools_total"] == 2
