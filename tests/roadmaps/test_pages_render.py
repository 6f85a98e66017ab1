"""Все страницы карты открываются у каждой роли, которой карта видна, и показывают её содержимое."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional(world):
    return make_roadmap("regional", region=world["a"]["region"], items=5, sections=2, municipal_deadline=None)


@pytest.mark.parametrize(
    "role",
    [
        Role.REGIONAL_STAFF,
        Role.REGIONAL_COORDINATOR,
        Role.MUNICIPAL_COORDINATOR,
        Role.CURATOR,
        Role.SCHOOL_TEAM,
    ],
)
@pytest.mark.parametrize("page", ["roadmaps:detail", "roadmaps:timeline", "roadmaps:history"])
def test_regional_map_pages_open_for_every_role_of_the_region(world, client_for, regional, role, page):
    response = client_for(world["a"][role]).get(reverse(page, kwargs={"roadmap_id": regional.pk}))
    assert response.status_code == 200
    assert regional.title in response.content.decode()


def test_map_shows_derived_numbers_and_parsed_dates(world, client_for, regional):
    html = (
        client_for(world["a"][Role.REGIONAL_COORDINATOR])
        .get(reverse("roadmaps:detail", kwargs={"roadmap_id": regional.pk}))
        .content.decode()
    )
    assert ">1.1<" in html and ">2.2<" in html and ">1.3<" in html
    assert f"до 01.03.{regional.year}" in html


def test_list_and_item_pages_open(world, client_for, regional):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    assert client.get(reverse("roadmaps:list")).status_code == 200
    item = regional.items.first()
    assert client.get(reverse("roadmaps:item_history", kwargs={"item_id": item.pk})).status_code == 200
    assert client.get(reverse("roadmaps:item_edit", kwargs={"item_id": item.pk})).status_code == 200
    assert client.get(reverse("roadmaps:item_row", kwargs={"item_id": item.pk})).status_code == 200
    assert client.get(reverse("roadmaps:settings", kwargs={"roadmap_id": regional.pk})).status_code == 200
    overview = reverse("roadmaps:municipal_overview", kwargs={"region_id": world["a"]["region"].pk})
    assert client.get(overview).status_code == 200
    preview = client.get(reverse("roadmaps:period_preview"), {"period_text": "март-апрель", "year": "2021"})
    assert "01.03.2021 – 30.04.2021" in preview.content.decode()


def test_inline_action_keeps_the_filters_of_the_page_and_updates_the_summary(world, client_for, regional):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    page_url = reverse("roadmaps:detail", kwargs={"roadmap_id": regional.pk}) + "?flagged=on"
    item = regional.items.order_by("position").first()
    response = client.post(
        reverse("roadmaps:item_duplicate", kwargs={"item_id": item.pk}),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver" + page_url,
    )
    html = response.content.decode()
    assert "Под фильтр ничего не попало." in html  # сроки без флагов: под фильтром пусто, как на странице
    assert 'id="map-summary" hx-swap-oob="true"' in html and "Мероприятий: 6" in html


def test_delete_message_is_shown_in_place(world, client_for, regional):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    item = regional.items.first()
    html = client.post(
        reverse("roadmaps:item_delete", kwargs={"item_id": item.pk}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="flash" hx-swap-oob="true"' in html and "Мероприятие удалено" in html
