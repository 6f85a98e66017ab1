"""Число запросов страниц сверки не растёт с числом пунктов: 10 и 200 пунктов региональной карты
(и столько же в муниципальной), хранимые подсказки и живой расчёт, министерство и координатор региона."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from alignment import suggestions
from roadmaps.models import Item
from tests.conftest import production_query_budget
from tests.factories import make_roadmap


def _add_items(roadmap, count, text, start):
    """Пачкой: сервисы на 200 пунктов делали бы тест долгим, а проверяется здесь только чтение."""
    Item.objects.bulk_create(
        [
            Item(
                roadmap=roadmap,
                position=start + i,
                description=f"{text} № {start + i}",
                responsible_text="МОУО",
            )
            for i in range(count)
        ]
    )


def _count(client, url, params=None):
    client.get(url, params)  # прогрев: сессия, область человека
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _grown_to_10_then_200(regional, municipal, *, stored: bool):
    """Обе карты — по 10, затем по 200 похожих пунктов; хранимые подсказки пересчитываются, если нужно."""
    for total, add in ((10, 10), (200, 190)):
        _add_items(
            regional, add, "Муниципальные координаторы проводят совещание по наставничеству", total - add
        )
        _add_items(municipal, add, "Совещание по наставничеству с координаторами", total - add)
        if stored:
            suggestions.suggestions_recompute(region_id=regional.region_id, year=regional.year)
        yield total


@pytest.mark.parametrize("stored", [True, False], ids=["хранимые", "живой расчёт"])
@pytest.mark.parametrize("role", [Role.FEDERAL_STAFF, Role.REGIONAL_COORDINATOR])
def test_alignment_pages_query_count_is_the_same_at_10_and_200_items(world, client_for, role, stored):
    a = world["a"]
    regional = make_roadmap(region=a["region"])
    municipal = make_roadmap("municipal", region=a["region"], municipality=a["m1"], year=regional.year)
    user = world[role] if role == Role.FEDERAL_STAFF else a[role]
    client = client_for(user)
    region_url = reverse("alignment:region", args=[a["region"].pk])
    map_url = reverse("alignment:map", args=[municipal.pk])
    counts = {}
    for total in _grown_to_10_then_200(regional, municipal, stored=stored):
        region_queries, region_page = _count(client, region_url, {"year": regional.year})
        map_queries, map_page = _count(client, map_url)
        assert region_page.count("<tr") >= total and "похоже:" in region_page
        assert map_page.count('class="suggestion"') == 2 * total  # по две подсказки на пункт
        counts[total] = (region_queries, map_queries)
    assert counts[10] == counts[200], counts
    budget = production_query_budget(15)  # бюджет страницы (задача 10)
    assert counts[200][0] <= budget and counts[200][1] <= budget, counts


@pytest.mark.parametrize("stored", [True, False], ids=["хранимые", "живой расчёт"])
@pytest.mark.parametrize("role", [Role.MUNICIPAL_COORDINATOR, Role.CURATOR, Role.SCHOOL_TEAM])
def test_municipal_map_check_fits_the_page_budget_for_municipal_roles(world, client_for, role, stored):
    """Роли муниципалитета видят только сверку своей карты; у хозяина карты на ней ещё и выбор своих
    пунктов для связи и история отклонений — всё равно не больше 15 запросов и не больше с числом пунктов."""
    a = world["a"]
    regional = make_roadmap(region=a["region"])
    municipal = make_roadmap("municipal", region=a["region"], municipality=a["m1"], year=regional.year)
    client = client_for(a[role])
    map_url = reverse("alignment:map", args=[municipal.pk])
    counts = {}
    for total in _grown_to_10_then_200(regional, municipal, stored=stored):
        queries, page = _count(client, map_url)
        assert page.count('class="suggestion"') == 2 * total
        counts[total] = queries
    assert counts[10] == counts[200], counts
    assert counts[200] <= production_query_budget(15), counts
