"""Оптимистическая блокировка: вторая правка с устаревшей версией отклоняется, показывает чужую правку
и не теряет введённого; история по полям и возврат версий (и удалённых мероприятий)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from roadmaps.history import item_history, roadmap_history
from roadmaps.models import Item
from tests.factories import make_member, make_roadmap

pytestmark = pytest.mark.django_db


def item_data(item, **changes):
    data = {
        "version": item.version,
        "description": item.description,
        "period_text": item.period_text,
        "indicator": item.indicator,
        "status": item.status,
        "section": item.section_id or "",
        "target_kind": "",
        "responsible_text": "",
        "links": "",
        "status_comment": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def setup(world):
    a = world["a"]
    roadmap = make_roadmap("regional", region=a["region"], items=1, year=2021)
    second = make_member(Role.REGIONAL_COORDINATOR, region=a["region"], last_name="Второва")
    return roadmap, roadmap.items.get(), a[Role.REGIONAL_COORDINATOR], second


def test_second_save_from_stale_form_is_refused_and_keeps_both_changes(setup, client_for):
    _, item, first, second = setup
    stale = item_data(item)  # оба открыли форму на версии 1
    url = reverse("roadmaps:item_edit", kwargs={"item_id": item.pk})

    response = client_for(first).post(
        url, {**stale, "period_text": "март-апрель 2021"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "map-rows" in response.content.decode()

    response = client_for(second).post(
        url, {**stale, "description": "Мой новый текст описания"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Пока вы правили, мероприятие изменил(а)" in html
    assert "март-апрель 2021" in html  # чужая правка видна
    assert "Мой новый текст описания" in html  # своё не потеряно
    item.refresh_from_db()
    assert (
        item.description == "Мероприятие 1" and item.period_text == "март-апрель 2021" and item.version == 2
    )

    # Повторное сохранение после просмотра конфликта — осознанное: теперь версия актуальна.
    retry = {
        **stale,
        "description": "Мой новый текст описания",
        "period_text": "март-апрель 2021",
        "version": 2,
    }
    client_for(second).post(url, retry, HTTP_HX_REQUEST="true")
    item.refresh_from_db()
    assert item.description == "Мой новый текст описания" and item.version == 3


def test_service_raises_conflict_with_current_state(setup):
    _, item, first, second = setup
    services.item_update(actor=first, item=item, expected_version=1, description="Первый")
    with pytest.raises(services.EditConflict) as conflict:
        services.item_update(actor=second, item=item, expected_version=1, description="Второй")
    assert conflict.value.current.description == "Первый"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_on_postgres_exactly_one_wins(world, require_postgres):
    roadmap = make_roadmap("regional", region=world["a"]["region"], items=1)
    item = roadmap.items.get()
    results, barrier = [], threading.Barrier(2)

    def save(text):
        try:
            barrier.wait()
            services.item_update(
                actor=None, item=Item.objects.get(pk=item.pk), expected_version=1, description=text
            )
            results.append("saved")
        except services.EditConflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"Текст {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "saved"]
    assert Item.objects.get(pk=item.pk).version == 2


def test_item_history_shows_field_differences_with_author(setup, client_for):
    roadmap, item, first, _ = setup
    client_for(first).post(
        reverse("roadmaps:item_edit", kwargs={"item_id": item.pk}),
        item_data(item, period_text="до 15.04.2021"),
    )
    entries = item_history(item.pk, roadmap)
    assert entries[0].who == first.short_name
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("срок (как написано)", "до 01.03.2021", "до 15.04.2021")
    ]
    html = (
        client_for(first).get(reverse("roadmaps:item_history", kwargs={"item_id": item.pk})).content.decode()
    )
    assert "до 15.04.2021" in html and first.short_name in html


def test_restore_earlier_version(setup, client_for):
    roadmap, item, first, _ = setup
    original = item.history.earliest()
    services.item_update(actor=first, item=item, expected_version=1, description="Испорчено", period_text="")
    client_for(first).post(
        reverse(
            "roadmaps:item_restore",
            kwargs={"roadmap_id": roadmap.pk, "item_id": item.pk, "history_id": original.history_id},
        ),
        {"confirm": "1"},
    )
    item.refresh_from_db()
    assert item.description == "Мероприятие 1" and item.period_text == "до 01.03.2021"
    assert item.version == 3 and not item.period_flagged
    assert item.history.first().history_user == first


def test_deleted_item_is_listed_in_map_history_and_can_be_restored(setup, client_for):
    roadmap, item, first, _ = setup
    client = client_for(first)
    client.post(reverse("roadmaps:item_delete", kwargs={"item_id": item.pk}))
    assert not roadmap.items.exists()
    page = client.get(reverse("roadmaps:history", kwargs={"roadmap_id": roadmap.pk})).content.decode()
    assert "Удалённые мероприятия" in page
    deleted = item.history.first()
    client.post(
        reverse(
            "roadmaps:item_restore",
            kwargs={"roadmap_id": roadmap.pk, "item_id": item.pk, "history_id": deleted.history_id},
        ),
        {"confirm": "1"},
    )
    assert roadmap.items.get().description == "Мероприятие 1"
    actions = [e.action for e in roadmap_history(roadmap) if e.title != "Карта"]
    assert actions[:3] == ["создано", "удалено", "создано"]


def test_restore_of_another_maps_version_is_refused(setup, world):
    roadmap, _, first, _ = setup
    other = make_roadmap("regional", region=world["b"]["region"], items=1, year=2021)
    foreign = other.items.get().history.first()
    with pytest.raises(Exception, match="Такой версии нет"):
        services.item_restore(actor=first, item_id=foreign.id, history_id=foreign.history_id, roadmap=roadmap)
