"""Для каждого адреса объекта из URLconf: человек региона А, спросивший объект региона Б, получает 404
(и на GET, и на POST) — существование чужого не раскрывается. Аноним уходит на вход."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.access.urlconf import app_urls, object_urls
from tests.factories import OrganisationFactory

REGIONAL_ROLES = [
    Role.REGIONAL_STAFF,
    Role.REGIONAL_COORDINATOR,
    Role.MUNICIPAL_COORDINATOR,
    Role.CURATOR,
    Role.SCHOOL_TEAM,
]


def foreign_objects(world) -> dict[str, int]:
    """id объектов региона Б для каждого имени параметра в URL. Новый параметр — добавьте его сюда."""
    b = world["b"]
    person = b[Role.CURATOR]
    return {
        "region_id": b["region"].pk,
        "municipality_id": b["m1"].pk,
        "school_id": b["s1"].pk,
        "organisation_id": OrganisationFactory(region=b["region"]).pk,
        "person_id": person.pk,
        "membership_id": person.memberships.get().pk,
    }


def url_for(app_url, ids: dict[str, int]) -> str:
    missing = [k for k in app_url.kwargs if k not in ids]
    assert not missing, (
        f"{app_url}: нет тестового объекта для параметров {missing} — добавьте в foreign_objects"
    )
    return reverse(app_url.name, kwargs={k: ids[k] for k in app_url.kwargs})


def test_urlconf_has_object_urls_to_check():
    names = {u.name for u in object_urls()}
    assert {"schools:school_detail", "schools:region_detail", "accounts:person_detail"} <= names


@pytest.mark.parametrize("role", REGIONAL_ROLES)
@pytest.mark.parametrize("app_url", object_urls(), ids=str)
def test_user_of_region_a_gets_404_for_region_b_objects(world, client_for, role, app_url):
    url = url_for(app_url, foreign_objects(world))
    client = client_for(world["a"][role])
    statuses = {"GET": client.get(url).status_code, "POST": client.post(url, {}).status_code}
    # 405 — метод не поддерживается адресом вовсе (это не раскрывает объект); хотя бы один метод — 404.
    assert set(statuses.values()) <= {404, 405} and 404 in statuses.values(), f"{url}: {statuses}"


@pytest.mark.parametrize("app_url", app_urls(), ids=str)
def test_anonymous_is_sent_to_login(world, client, app_url):
    url = url_for(app_url, foreign_objects(world))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


SCHOOL_URLS = [u for u in object_urls() if u.kwargs == ("school_id",)]


@pytest.mark.parametrize("app_url", SCHOOL_URLS, ids=str)
def test_municipal_coordinator_cannot_see_school_of_another_municipality(world, client_for, app_url):
    a = world["a"]
    client = client_for(a[Role.MUNICIPAL_COORDINATOR])  # координатор первого района региона А
    other = reverse(app_url.name, kwargs={"school_id": a["s3"].pk})  # школа второго района того же региона
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("app_url", SCHOOL_URLS, ids=str)
def test_curator_cannot_see_school_not_assigned_to_them(world, client_for, app_url):
    a = world["a"]
    client = client_for(a[Role.CURATOR])  # закреплён только за s1
    unassigned = reverse(app_url.name, kwargs={"school_id": a["s2"].pk})
    assert client.get(unassigned).status_code == 404


def test_curator_sees_assigned_school(world, client_for):
    a = world["a"]
    response = client_for(a[Role.CURATOR]).get(
        reverse("schools:school_detail", kwargs={"school_id": a["s1"].pk})
    )
    assert response.status_code == 200
    assert a["s1"].short_name in response.content.decode()
