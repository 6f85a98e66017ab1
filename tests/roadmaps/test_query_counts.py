"""Страницы карты за постоянное число запросов: карта из 20 и из 300 мероприятий."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import OrganisationFactory, RegionFactory, make_member, make_roadmap

MAX_QUERIES = 15  # измерено: 7–14 запросов и при 20, и при 300 мероприятиях; +1 — значок уведомлений в шапке


@pytest.fixture(params=[20, 300], ids=["20 мероприятий", "300 мероприятий"])
def big_map(request, db):
    region = RegionFactory()
    roadmap = make_roadmap("regional", region=region, items=request.param, sections=6)
    organisations = [OrganisationFactory(region=region) for _ in range(3)]
    for item in roadmap.items.all()[:50]:
        item.responsible_organisations.set(organisations)
    return roadmap


@pytest.mark.parametrize("page", ["roadmaps:detail", "roadmaps:timeline", "roadmaps:history"])
def test_map_pages_query_count_does_not_grow_with_items(big_map, client, django_assert_max_num_queries, page):
    client.force_login(make_member(Role.REGIONAL_COORDINATOR, region=big_map.region))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(page, kwargs={"roadmap_id": big_map.pk}))
    assert response.status_code == 200


def test_map_list_query_count_does_not_grow(big_map, client, django_assert_max_num_queries):
    client.force_login(make_member(Role.REGIONAL_STAFF, region=big_map.region))
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("roadmaps:list")).status_code == 200


def test_filtered_map_query_count_does_not_grow(big_map, client, django_assert_max_num_queries):
    client.force_login(make_member(Role.REGIONAL_COORDINATOR, region=big_map.region))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(
            reverse("roadmaps:detail", kwargs={"roadmap_id": big_map.pk}),
            {"overdue": "on", "status": "not_started", "flagged": "on"},
        )
    assert response.status_code == 200
