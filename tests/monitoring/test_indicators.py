"""Показатели, которые заполняются сами: связь мероприятия с показателем мониторинга, живое значение на
карте, подсказка в редакторе по тексту показателя."""

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps.models import Item
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


def test_linked_item_shows_live_value_and_target_on_the_map(figures_world, client_for):
    a = figures_world
    regional = a["region"].roadmaps.get(level="regional")
    item = regional.items.order_by("position").last()
    Item.objects.filter(pk=item.pk).update(
        indicator_figure="schools_visited", target_value=100, target_kind="share"
    )
    html = (
        client_for(a[Role.REGIONAL_STAFF])
        .get(reverse("roadmaps:detail", kwargs={"roadmap_id": regional.pk}))
        .content.decode()
    )
    assert "факт (считается сам): <b>33,3 %</b>" in html
    assert "цель 100 %" in html


def test_school_map_item_uses_the_schools_own_figure(figures_world, client_for):
    a = figures_world
    school_map = make_roadmap("school", school=a["s1"], items=1)
    Item.objects.filter(roadmap=school_map).update(indicator_figure="profiles_verified")
    html = (
        client_for(a[Role.CURATOR])
        .get(reverse("roadmaps:detail", kwargs={"roadmap_id": school_map.pk}))
        .content.decode()
    )
    assert "факт (считается сам): <b>100,0 %</b>" in html


def test_editor_suggests_linking_a_recognised_indicator(client_for, world):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    response = client.get(
        reverse("roadmaps:indicator_suggest"),
        {"indicator": "Доля ОО из числа включенных в проект, посещенных кураторами"},
    )
    html = response.content.decode()
    assert "Доля ОО, посещённых кураторами" in html and 'data-link-figure="schools_visited"' in html
    response = client.get(reverse("roadmaps:indicator_suggest"), {"indicator": "Совещание проведено"})
    assert response.content.decode().strip() == ""


def test_saving_a_linked_item_through_the_form(figures_world, client_for):
    a = figures_world
    regional = a["region"].roadmaps.get(level="regional")
    item = regional.items.order_by("position").last()
    client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("roadmaps:item_edit", kwargs={"item_id": item.pk}),
        {
            "version": item.version,
            "description": item.description,
            "period_text": item.period_text,
            "indicator": "Доля ОО, посещенных кураторами",
            "indicator_figure": "schools_visited",
            "target_kind": "share",
            "target_value": "90",
            "status": item.status,
            "section": "",
        },
    )
    item.refresh_from_db()
    assert (item.indicator_figure, item.target_value) == ("schools_visited", 90)
