"""Правила области видимости, которые не видны по одним URL: точечные права guardian, часовой пояс
региона, администрирование Django для суперпользователя с историей."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

import access as scoping
from accounts.models import Role
from schools.models import Region, School
from tests.factories import RegionFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def test_guardian_object_grant_opens_exactly_one_school(world, client_for):
    expert = UserFactory()
    assign_perm("schools.view_school", expert, world["b"]["s2"])
    assert list(scoping.visible(expert, School)) == [world["b"]["s2"]]
    client = client_for(expert)
    assert (
        client.get(reverse("schools:school_detail", kwargs={"school_id": world["b"]["s2"].pk})).status_code
        == 200
    )
    assert (
        client.get(reverse("schools:school_detail", kwargs={"school_id": world["b"]["s1"].pk})).status_code
        == 404
    )


def test_guardian_change_grant_lets_edit_that_school_only(world):
    expert = make_member(Role.REGIONAL_STAFF, region=world["a"]["region"])
    assign_perm("schools.change_school", expert, world["a"]["s2"])
    assert scoping.can_edit(expert, world["a"]["s2"])
    assert not scoping.can_edit(expert, world["a"]["s1"])


def test_user_without_roles_sees_nothing(db):
    nobody = UserFactory()
    assert not scoping.visible(nobody, Region).exists()
    assert not scoping.visible(nobody, School).exists()


def test_curator_sees_only_this_years_assignments(world):
    from tests.factories import assign_curator

    a = world["a"]
    curator = a[Role.CURATOR]
    assign_curator(curator, a["s3"], year=scoping.current_year() - 1)  # прошлогодняя школа
    assert list(scoping.visible(curator, School)) == [a["s1"]]


def test_region_day_follows_its_time_zone(db):
    perm = RegionFactory(name="Пермский край", timezone="Asia/Yekaterinburg")
    moscow = RegionFactory(name="Владимирская область", timezone="Europe/Moscow")
    # 20:30 UTC 31 марта: в Москве ещё 31-е (23:30), в Перми уже 1 апреля (01:30).
    instant = datetime.datetime(2021, 3, 31, 20, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert moscow.local_today(instant) == datetime.date(2021, 3, 31)
    assert perm.local_today(instant) == datetime.date(2021, 4, 1)


@pytest.mark.parametrize(
    "path",
    [
        "admin:schools_school_changelist",
        "admin:schools_region_changelist",
        "admin:accounts_user_changelist",
        "admin:schools_riskfactor_changelist",
        "admin:accounts_rolemembership_changelist",
    ],
)
def test_django_admin_works_for_superuser(admin_client, world, path):
    assert admin_client.get(reverse(path)).status_code == 200


def test_django_admin_shows_history_of_a_school(admin_client, world):
    school = world["a"]["s1"]
    response = admin_client.get(reverse("admin:schools_school_history", args=[school.pk]))
    assert response.status_code == 200


def test_risk_factor_catalogue_is_loaded_for_2021_and_2022(db):
    from schools.models import RiskFactor

    for year in (2021, 2022):
        titles = list(RiskFactor.objects.filter(year=year).values_list("title", flat=True))
        assert len(titles) == 10
        assert titles[0] == "Низкий уровень оснащения школы"
        assert titles[-1] == "Низкая учебная мотивация обучающихся"


def test_regular_user_cannot_open_admin(client_for, world):
    response = client_for(world["a"][Role.REGIONAL_COORDINATOR]).get(reverse("admin:index"))
    assert response.status_code == 302
