"""По классу на роль: что человек может (200/302) и что ему отказано (403 — видит, но не правит;
404 — чужое). Данные — фикстура world: регионы А и Б, по два района и три школы в каждом."""

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


class TestFederalStaff:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world[Role.FEDERAL_STAFF])

    def test_allowed_to_see_and_edit_every_region(self, world, client):
        for key in ("a", "b"):
            assert (
                client.get(url("schools:region_edit", region_id=world[key]["region"].pk)).status_code == 200
            )
            assert client.get(url("schools:school_edit", school_id=world[key]["s2"].pk)).status_code == 200
        assert client.get(url("schools:region_create")).status_code == 200
        assert client.get(url("people:person_invite")).status_code == 200

    def test_refused_to_deactivate_self(self, world, client):
        me = world[Role.FEDERAL_STAFF]
        response = client.post(url("people:person_set_active", person_id=me.pk), {"active": "0"})
        assert response.status_code == 404
        me.refresh_from_db()
        assert me.is_active


class TestRegionalStaff:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.REGIONAL_STAFF])

    def test_allowed_to_read_whole_region(self, world, client):
        a = world["a"]
        for school in (a["s1"], a["s2"], a["s3"]):
            assert client.get(url("schools:school_detail", school_id=school.pk)).status_code == 200
        assert client.get(url("schools:region_detail", region_id=a["region"].pk)).status_code == 200

    def test_refused_to_edit_anything(self, world, client):
        a = world["a"]
        assert client.get(url("schools:school_edit", school_id=a["s1"].pk)).status_code == 403
        assert (
            client.post(url("schools:region_edit", region_id=a["region"].pk), {"name": "X"}).status_code
            == 403
        )
        assert client.get(url("people:people")).status_code == 404
        assert client.get(url("schools:region_create")).status_code == 404


class TestRegionalCoordinator:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.REGIONAL_COORDINATOR])

    def test_allowed_to_edit_own_region_directory_and_people(self, world, client):
        a = world["a"]
        assert client.get(url("schools:school_edit", school_id=a["s3"].pk)).status_code == 200
        assert client.get(url("schools:municipality_edit", municipality_id=a["m2"].pk)).status_code == 200
        assert client.get(url("schools:school_curator", school_id=a["s2"].pk)).status_code == 200
        assert client.get(url("people:people")).status_code == 200
        person = a[Role.CURATOR]
        assert client.get(url("people:person_detail", person_id=person.pk)).status_code == 200

    def test_refused_to_edit_region_itself_or_create_regions(self, world, client):
        assert client.get(url("schools:region_edit", region_id=world["a"]["region"].pk)).status_code == 403
        assert client.get(url("schools:region_create")).status_code == 404

    def test_refused_to_manage_federal_people(self, world, client):
        federal = world[Role.FEDERAL_STAFF]
        assert client.get(url("people:person_detail", person_id=federal.pk)).status_code == 404


class TestMunicipalCoordinator:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.MUNICIPAL_COORDINATOR])

    def test_allowed_to_read_own_municipality_schools(self, world, client):
        a = world["a"]
        assert client.get(url("schools:municipality_detail", municipality_id=a["m1"].pk)).status_code == 200
        for school in (a["s1"], a["s2"]):
            assert client.get(url("schools:school_detail", school_id=school.pk)).status_code == 200

    def test_refused_other_municipality_and_editing(self, world, client):
        a = world["a"]
        assert client.get(url("schools:municipality_detail", municipality_id=a["m2"].pk)).status_code == 404
        assert client.get(url("schools:school_edit", school_id=a["s1"].pk)).status_code == 403
        assert client.get(url("people:people")).status_code == 404

    def test_school_list_shows_only_own_municipality(self, world, client):
        html = client.get(url("schools:schools")).content.decode()
        assert "Школа a1" in html and "Школа a2" in html
        assert "Школа a3" not in html and "Школа b1" not in html


class TestCurator:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.CURATOR])

    def test_allowed_to_read_assigned_school(self, world, client):
        assert client.get(url("schools:school_detail", school_id=world["a"]["s1"].pk)).status_code == 200

    def test_refused_unassigned_schools_and_editing(self, world, client):
        a = world["a"]
        assert client.get(url("schools:school_detail", school_id=a["s2"].pk)).status_code == 404
        assert client.get(url("schools:school_edit", school_id=a["s1"].pk)).status_code == 403
        assert client.get(url("schools:school_curator", school_id=a["s1"].pk)).status_code == 404

    def test_school_list_shows_only_this_years_assignments(self, world, client):
        html = client.get(url("schools:schools")).content.decode()
        assert "Школа a1" in html
        assert "Школа a2" not in html and "Школа a3" not in html


class TestSchoolTeam:
    @pytest.fixture
    def client(self, world, client_for):
        return client_for(world["a"][Role.SCHOOL_TEAM])

    def test_allowed_to_read_own_school(self, world, client):
        assert client.get(url("schools:school_detail", school_id=world["a"]["s1"].pk)).status_code == 200

    def test_refused_other_schools_and_editing(self, world, client):
        a = world["a"]
        assert client.get(url("schools:school_detail", school_id=a["s2"].pk)).status_code == 404
        assert client.get(url("schools:school_edit", school_id=a["s1"].pk)).status_code == 403
        assert client.get(url("people:people")).status_code == 404
