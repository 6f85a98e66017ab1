"""Панели мониторинга: кто что видит, что на них показано, и что число запросов не растёт со школами."""

import pytest
from django.urls import reverse

from accounts.models import Role
from monitoring import services
from monitoring.models import Snapshot, SnapshotRun
from tests.factories import MunicipalityFactory, SchoolFactory, make_member
from tests.monitoring.conftest import TODAY

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs=kwargs)


def test_region_dashboard_shows_current_figures_stage_values_and_problems(figures_world, client_for):
    a = figures_world
    stage = services.stage_save(actor=None, region=a["region"], year=TODAY.year, title="1-й этап", date=TODAY)
    services.snapshot_take(stage=stage, region=a["region"])
    html = (
        client_for(a[Role.REGIONAL_COORDINATOR]).get(url("region", region_id=a["region"].pk)).content.decode()
    )
    assert "Доля ОО, посещённых кураторами" in html and "33,3\xa0%" in html
    assert "1-й этап" in html and "<svg" in html
    assert a["m1"].name in html and a["m2"].name in html
    assert "Школа a2" in html  # без посещения
    assert "Переснять" in html


class TestFederalStaff:
    def test_sees_all_regions_side_by_side(self, figures_world, world, client_for):
        html = client_for(world[Role.FEDERAL_STAFF]).get(url("home")).content.decode()
        assert world["a"]["region"].name in html and world["b"]["region"].name in html
        assert "Добавить федеральный этап" in html

    def test_can_open_any_region(self, figures_world, world, client_for):
        client = client_for(world[Role.FEDERAL_STAFF])
        assert client.get(url("region", region_id=world["b"]["region"].pk)).status_code == 200


class TestRegionalStaff:
    def test_reads_own_region_but_cannot_take_snapshots(self, figures_world, client_for):
        a = figures_world
        client = client_for(a[Role.REGIONAL_STAFF])
        response = client.get(url("home"), follow=True)
        assert response.redirect_chain[-1][0] == url("region", region_id=a["region"].pk)
        assert "Снять показатели" not in response.content.decode()
        stage = services.stage_save(
            actor=None, region=a["region"], year=TODAY.year, title="1-й этап", date=TODAY
        )
        assert client.post(url("snapshot_request", stage_id=stage.pk)).status_code == 404
        assert not SnapshotRun.objects.exists()


class TestRegionalCoordinator:
    def test_adds_stage_and_takes_snapshot(
        self, figures_world, client_for, django_capture_on_commit_callbacks
    ):
        a = figures_world
        client = client_for(a[Role.REGIONAL_COORDINATOR])
        client.post(
            url("stage_create", region_id=a["region"].pk) + f"?year={TODAY.year}",
            {"title": "1-й этап", "date": TODAY.strftime("%d.%m.%Y")},
        )
        stage = a["region"].monitoring_stages.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("snapshot_request", stage_id=stage.pk), {"region": a["region"].pk})
        run = SnapshotRun.objects.get()
        assert response["Location"] == url("run", run_id=run.pk)
        page = client.get(url("run", run_id=run.pk)).content.decode()
        assert "готово" in page.lower() and "100%" in page
        assert Snapshot.objects.get().region == a["region"]

    def test_refused_other_region(self, figures_world, world, client_for):
        client = client_for(figures_world[Role.REGIONAL_COORDINATOR])
        assert client.get(url("region", region_id=world["b"]["region"].pk)).status_code == 404


class TestMunicipalCoordinator:
    def test_sees_own_municipality_dashboard_only(self, figures_world, client_for):
        a = figures_world
        client = client_for(a[Role.MUNICIPAL_COORDINATOR])
        response = client.get(url("home"), follow=True)
        assert response.redirect_chain[-1][0] == url("municipality", municipality_id=a["m1"].pk)
        assert "Школа a1" in response.content.decode() and "Школа a3" not in response.content.decode()
        assert client.get(url("region", region_id=a["region"].pk)).status_code == 404
        assert client.get(url("municipality", municipality_id=a["m2"].pk)).status_code == 404


class TestCuratorAndSchoolTeam:
    @pytest.mark.parametrize("role", [Role.CURATOR, Role.SCHOOL_TEAM])
    def test_see_own_school_page_only(self, figures_world, client_for, role):
        a = figures_world
        client = client_for(a[role])
        assert client.get(url("school", school_id=a["s1"].pk)).status_code == 200
        assert client.get(url("school", school_id=a["s2"].pk)).status_code == 404
        assert client.get(url("region", region_id=a["region"].pk)).status_code == 404
        assert client.get(url("home")).status_code == 404


@pytest.mark.parametrize("schools", [10, 200])
def test_region_dashboard_query_count_does_not_grow_with_schools(
    figures_world, client_for, schools, django_assert_max_num_queries
):
    a = figures_world
    for index in range(schools):
        SchoolFactory(municipality=MunicipalityFactory(region=a["region"]) if index % 20 == 0 else a["m1"])
    client = client_for(make_member(Role.REGIONAL_COORDINATOR, region=a["region"]))
    with django_assert_max_num_queries(25):  # измерено: 23–25 и при 10, и при 200 школах
        assert client.get(url("region", region_id=a["region"].pk)).status_code == 200
