"""История, которой можно верить: одна правка — одна версия (поля и ответственные вместе), удаление
не пишет «Порядок» соседям, возврат версии показывает, что изменится, и ждёт подтверждения,
история карты — постранично, изменения фоновых задач подписаны «система»."""

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from roadmaps.history import HISTORY_PAGE_SIZE, item_history, roadmap_history
from roadmaps.models import Item
from tests.factories import OrganisationFactory, make_member, make_roadmap
from tests.roadmaps.test_concurrency_and_history import item_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(world):
    return make_roadmap("regional", region=world["a"]["region"], items=5, year=2021)


def test_one_save_with_fields_and_responsibles_is_one_version(world, client_for, roadmap):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    item = roadmap.items.order_by("position").first()
    organisation = OrganisationFactory(region=world["a"]["region"])
    before = item.history.count()
    client_for(coordinator).post(
        reverse("roadmaps:item_edit", kwargs={"item_id": item.pk}),
        item_data(
            item, description="Новое описание", organisations=[organisation.pk], users=[coordinator.pk]
        ),
    )
    assert item.history.count() == before + 1
    entry = item_history(item.pk, roadmap)[0]
    labels = {c.label for c in entry.changes}
    assert "описание действий" in labels
    assert entry.who == coordinator.short_name
    # версия хранит и ответственных — её можно вернуть целиком
    latest = item.history.first()
    assert list(latest.responsible_users.values_list("user_id", flat=True)) == [coordinator.pk]


def test_created_item_with_responsibles_is_one_created_version(world, roadmap):
    person = make_member(Role.REGIONAL_STAFF, region=world["a"]["region"])
    item = services.item_create(actor=None, roadmap=roadmap, description="С ответственными", users=[person])
    records = list(item.history.all())
    assert [r.history_type for r in records] == ["+"]
    assert list(records[0].responsible_users.values_list("user_id", flat=True)) == [person.pk]


def test_delete_writes_one_entry_and_no_order_entries_for_items_below(roadmap):
    first = roadmap.items.order_by("position").first()
    before = {item.pk: item.history.count() for item in roadmap.items.all()}
    services.item_delete(item=first)
    for item in roadmap.items.all():
        assert item.history.count() == before[item.pk], "соседям не пишется «Порядок»"
    assert list(roadmap.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4]
    assert roadmap_history(roadmap)[0].action == "удалено"


def test_move_is_one_version_of_the_moved_item_only(roadmap):
    second = roadmap.items.order_by("position")[1]
    first = roadmap.items.order_by("position")[0]
    counts = (second.history.count(), first.history.count())
    services.item_move(item=second, step=-1)
    assert (second.history.count(), first.history.count()) == (counts[0] + 1, counts[1])


def test_restore_shows_what_changes_and_changes_nothing_until_confirmed(world, client_for, roadmap):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    item = roadmap.items.order_by("position").first()
    original = item.history.earliest()
    services.item_update(actor=coordinator, item=item, expected_version=item.version, description="Испорчено")
    url = reverse(
        "roadmaps:item_restore",
        kwargs={"roadmap_id": roadmap.pk, "item_id": item.pk, "history_id": original.history_id},
    )
    client = client_for(coordinator)
    html = client.get(url).content.decode()
    assert "Что изменится" in html and "Испорчено" in html and "Мероприятие 1" in html
    assert "Да, вернуть эту версию" in html
    client.post(url)  # без подтверждения — снова предпросмотр
    item.refresh_from_db()
    assert item.description == "Испорчено"
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.description == "Мероприятие 1"


def test_readers_cannot_open_the_restore_preview(world, client_for, roadmap):
    item = roadmap.items.first()
    url = reverse(
        "roadmaps:item_restore",
        kwargs={
            "roadmap_id": roadmap.pk,
            "item_id": item.pk,
            "history_id": item.history.earliest().history_id,
        },
    )
    assert client_for(world["a"][Role.REGIONAL_STAFF]).get(url).status_code == 403


def test_map_history_is_paginated(world, client_for):
    roadmap = make_roadmap("regional", region=world["a"]["region"], items=HISTORY_PAGE_SIZE + 5, year=2021)
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    url = reverse("roadmaps:history", kwargs={"roadmap_id": roadmap.pk})
    first = client.get(url).content.decode()
    assert "стр. 1 из 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "стр. 2 из 2" in second
    assert first.count("<tr><td>") - second.count("<tr><td>") > 0


def test_changes_made_inside_a_background_task_are_signed_as_system(world, rf, roadmap):
    """Задача Celery, выполненная прямо в запросе (eager) или воркером, — не правка вошедшего человека."""
    from simple_history.models import HistoricalRecords

    from config.history import acting_as_system

    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    request = rf.get("/")
    request.user = coordinator
    HistoricalRecords.context.request = request
    try:
        item = roadmap.items.first()
        with acting_as_system():
            services.item_execution_update(
                actor=None, item=item, expected_version=item.version, status="in_progress"
            )
        assert item.history.first().history_user is None
        assert item_history(item.pk, roadmap)[0].who == "система"
        assert HistoricalRecords.context.request is request  # после задачи запрос снова свой
    finally:
        del HistoricalRecords.context.request
    assert Item.objects.filter(pk=item.pk, status="in_progress").exists()
