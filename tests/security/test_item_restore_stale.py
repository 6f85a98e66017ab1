"""Возврат версии мероприятия из истории — тоже правка: человек подтверждает то, что видел в
предпросмотре. Если мероприятие с тех пор изменил другой, подтверждение со старой страницы не
затирает его правку молча: отказ, свежий предпросмотр (с чужой правкой), повторное подтверждение."""

import re

from django.test import Client
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from tests.factories import make_roadmap


def test_confirming_a_stale_restore_preview_is_refused_and_shows_the_fresh_one(world):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    roadmap = make_roadmap("regional", region=world["a"]["region"], items=1)
    item = roadmap.items.get()
    original = item.history.earliest()
    item = services.item_update(
        actor=coordinator, item=item, expected_version=item.version, description="Правка 1"
    )
    url = reverse(
        "roadmaps:item_restore",
        kwargs={"roadmap_id": roadmap.pk, "item_id": item.pk, "history_id": original.history_id},
    )
    alice = Client()
    alice.force_login(coordinator)
    page = alice.get(url).content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', page).group(1)

    services.item_update(
        actor=coordinator, item=item, expected_version=item.version, description="Правка Боба"
    )
    refused = alice.post(url, {"confirm": "1", "seen": seen})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Пока вы смотрели" in html and "Правка Боба" in html  # свежий предпросмотр
    item.refresh_from_db()
    assert item.description == "Правка Боба"

    fresh = re.search(r'name="seen" value="(\d+)"', html).group(1)
    assert alice.post(url, {"confirm": "1", "seen": fresh}).status_code == 302
    item.refresh_from_db()
    assert item.description == original.description
