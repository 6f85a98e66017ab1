"""Постраничные списки не трогают строк, которых не показывают: число строк для листания считается по
самой таблице списка (COUNT без GROUP BY и DISTINCT по соединению со всеми школами или ролями),
а сводки по строкам (число школ муниципалитета) — только для строк страницы."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    ("roadmaps:list", {}),
    ("schools:schools", {}),
    ("schools:municipalities", {}),
    ("schools:regions", {}),
    ("schools:organisations", {}),
    ("schoolwork:risk_overview", {}),
    ("schoolwork:visits", {}),
    ("schoolwork:visit_schools", {}),
    ("schoolwork:visit_schools", {"visited": "no"}),
    ("schoolwork:documents", {}),
    ("notifications:list", {}),
    ("people:people", {}),
    ("people:people", {"role": Role.CURATOR}),
]


def test_school_visits_count_is_over_visits_only(world, client):
    client.force_login(world[Role.FEDERAL_STAFF])
    url = reverse("schoolwork:school_visits", args=[world["a"]["s1"].pk])
    for sql in _paginator_counts(client, url, {}):
        assert "GROUP BY" not in sql and "DISTINCT" not in sql, sql


def _paginator_counts(client, url: str, params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT COUNT(*)") and "notifications_notification" not in q["sql"]
    ]


ROLES = [Role.FEDERAL_STAFF, Role.REGIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.CURATOR]
PEOPLE_ROLES = {Role.FEDERAL_STAFF, Role.REGIONAL_COORDINATOR}  # страница людей — только им
CASES = [
    pytest.param(role, name, params, id=f"{role}-{name}-{params}")
    for name, params in LIST_PAGES
    for role in ROLES
    if name != "people:people" or role in PEOPLE_ROLES
]


@pytest.mark.parametrize(("role", "name", "params"), CASES)
def test_list_count_is_over_the_listed_table_only(world, client, role, name, params):
    client.force_login(world[role] if role == Role.FEDERAL_STAFF else world["a"][role])
    for sql in _paginator_counts(client, reverse(name), params):
        assert "GROUP BY" not in sql and "DISTINCT" not in sql, sql
