"""Права на карты, по классу на роль: что можно (200/302) и в чём отказ (403 — только чтение,
404 — чужое). Карты: региональная региона А, муниципальные двух районов, школьная карта s1."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps(world):
    a = world["a"]
    return {
        "regional": make_roadmap("regional", region=a["region"], items=1),
        "mun1": make_roadmap("municipal", municipality=a["m1"], items=1),
        "mun2": make_roadmap("municipal", municipality=a["m2"], items=1),
        "school1": make_roadmap("school", school=a["s1"], items=1),
        "school2": make_roadmap("school", school=a["s2"], items=1),
    }


def status(client, name, roadmap, method="get"):
    if name.startswith("item_"):
        url = reverse(f"roadmaps:{name}", kwargs={"item_id": roadmap.items.first().pk})
    else:
        url = reverse(f"roadmaps:{name}", kwargs={"roadmap_id": roadmap.pk})
    return getattr(client, method)(url).status_code


class TestMinistryStaffReadOnly:
    @pytest.mark.parametrize("role", [Role.FEDERAL_STAFF, Role.REGIONAL_STAFF])
    def test_reads_every_map_of_the_region_but_edits_none(self, world, client_for, maps, role):
        client = client_for(world[role] if role == Role.FEDERAL_STAFF else world["a"][role])
        for roadmap in maps.values():
            assert status(client, "detail", roadmap) == 200
            assert status(client, "item_edit", roadmap) == 403
            assert status(client, "settings", roadmap) == 403
            assert status(client, "item_delete", roadmap, "post") == 403


class TestRegionalCoordinator:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.REGIONAL_COORDINATOR])

    def test_edits_regional_map_and_reviews_municipal(self, client, maps):
        assert status(client, "item_edit", maps["regional"]) == 200
        assert status(client, "settings", maps["regional"]) == 200
        assert status(client, "detail", maps["mun1"]) == 200

    def test_does_not_write_municipal_maps_for_municipalities(self, client, maps):
        assert status(client, "item_edit", maps["mun1"]) == 403


class TestMunicipalCoordinator:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.MUNICIPAL_COORDINATOR])

    def test_edits_own_map_and_reads_regional(self, client, maps):
        assert status(client, "item_edit", maps["mun1"]) == 200
        assert status(client, "detail", maps["regional"]) == 200
        assert status(client, "detail", maps["school1"]) == 200

    def test_refused_regional_edit_and_other_municipality(self, client, maps):
        assert status(client, "item_edit", maps["regional"]) == 403
        assert status(client, "detail", maps["mun2"]) == 404
        assert status(client, "item_edit", maps["mun2"]) == 404


class TestCurator:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.CURATOR])

    def test_edits_own_schools_map_and_reads_regional(self, client, maps):
        assert status(client, "item_edit", maps["school1"]) == 200
        assert status(client, "detail", maps["regional"]) == 200

    def test_refused_other_schools_and_higher_maps(self, client, maps):
        assert status(client, "detail", maps["school2"]) == 404
        assert status(client, "item_edit", maps["mun1"]) == 403
        assert status(client, "item_edit", maps["regional"]) == 403


class TestSchoolTeam:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.SCHOOL_TEAM])

    def test_edits_own_school_map(self, client, maps):
        assert status(client, "item_edit", maps["school1"]) == 200

    def test_refused_other_school_and_review(self, client, maps):
        assert status(client, "detail", maps["school2"]) == 404
        url = reverse("roadmaps:transition", kwargs={"roadmap_id": maps["school1"].pk, "action": "approve"})
        assert client.post(url).status_code == 403


def test_other_region_sees_nothing(world, client_for, maps):
    client = client_for(world["b"][Role.REGIONAL_COORDINATOR])
    for roadmap in maps.values():
        assert status(client, "detail", roadmap) == 404
    assert "Мероприятие" not in client.get(reverse("roadmaps:list")).content.decode()
