"""План и исполнение разделены: утверждение закрывает план, исполнение открыто весь год хозяину карты
и ответственным за мероприятие; повторное открытие плана — отдельный шаг в журнале, исполнение
сохраняется. То же у школьных карт."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

import access as scoping
from accounts.models import Role
from roadmaps import services
from roadmaps.models import Evidence, ItemStatus, MapStatus, Transition
from tests.factories import make_member, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_municipal(world):
    roadmap = make_roadmap("municipal", municipality=world["a"]["m1"], items=2)
    services.roadmap_submit(roadmap=roadmap, actor=None)
    return services.roadmap_approve(roadmap=roadmap, actor=None)


def execution_url(item):
    return reverse("roadmaps:item_execution", kwargs={"item_id": item.pk})


def test_owner_marks_an_approved_item_done_but_cannot_change_its_plan(world, client_for, approved_municipal):
    client = client_for(world["a"][Role.MUNICIPAL_COORDINATOR])
    item = approved_municipal.items.order_by("position").first()
    page = client.get(
        reverse("roadmaps:detail", kwargs={"roadmap_id": approved_municipal.pk})
    ).content.decode()
    assert "План утверждён и закрыт для правки" in page
    assert execution_url(item) in page
    assert reverse("roadmaps:item_edit", kwargs={"item_id": item.pk}) not in page

    response = client.post(
        execution_url(item),
        {
            "version": item.version,
            "status": "done",
            "completed_on": "01.02.2021",
            "status_comment": "Проведено",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.completed_on, item.status_comment) == (
        ItemStatus.DONE,
        datetime.date(2021, 2, 1),
        "Проведено",
    )
    assert client.get(reverse("roadmaps:item_edit", kwargs={"item_id": item.pk})).status_code == 403
    with pytest.raises(ValidationError, match="утверждена и закрыта"):
        services.item_update(actor=None, item=item, expected_version=item.version, description="Другое")


def test_evidence_can_be_added_to_an_approved_map_by_its_owner(world, client_for, approved_municipal):
    client = client_for(world["a"][Role.MUNICIPAL_COORDINATOR])
    item = approved_municipal.items.first()
    url = reverse("roadmaps:item_evidence", kwargs={"item_id": item.pk})
    client.post(url, {"title": "Приказ", "url": "https://example.ru/prikaz"})
    assert Evidence.objects.filter(item=item).count() == 1


def test_responsible_person_updates_execution_of_own_item_only(world, approved_municipal):
    person = make_member(Role.REGIONAL_STAFF, region=world["a"]["region"])
    mine, other = approved_municipal.items.order_by("position")
    mine.responsible_users.add(person)
    assert scoping.can_update_execution(person, mine)
    assert not scoping.can_update_execution(person, other)
    assert not scoping.can_edit_roadmap(person, approved_municipal)


@pytest.mark.parametrize("who", [Role.REGIONAL_STAFF, Role.FEDERAL_STAFF, Role.SCHOOL_TEAM, Role.CURATOR])
def test_readers_cannot_update_execution(world, client_for, approved_municipal, who):
    person = world[who] if who == Role.FEDERAL_STAFF else world["a"][who]
    item = approved_municipal.items.first()
    response = client_for(person).post(execution_url(item), {"version": item.version, "status": "done"})
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_other_region_cannot_even_see_the_execution_page(world, client_for, approved_municipal):
    item = approved_municipal.items.first()
    response = client_for(world["b"][Role.MUNICIPAL_COORDINATOR]).get(execution_url(item))
    assert response.status_code == 404


def test_bad_execution_input_gets_a_russian_message_and_keeps_the_text(world, client_for, approved_municipal):
    item = approved_municipal.items.first()
    response = client_for(world["a"][Role.MUNICIPAL_COORDINATOR]).post(
        execution_url(item),
        {
            "version": item.version,
            "status": "done",
            "completed_on": "01.01.2999",
            "status_comment": "Сделали",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "не может быть в будущем" in html and "Сделали" in html


def test_stale_execution_form_is_refused_without_losing_the_newer_change(world, approved_municipal):
    item = approved_municipal.items.first()
    services.item_execution_update(actor=None, item=item, expected_version=item.version, status="in_progress")
    with pytest.raises(services.EditConflict):
        services.item_execution_update(actor=None, item=item, expected_version=item.version, status="failed")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_reopening_the_plan_is_logged_and_keeps_execution(world, approved_municipal):
    item = approved_municipal.items.first()
    services.item_execution_update(
        actor=None,
        item=item,
        expected_version=item.version,
        status="done",
        completed_on=datetime.date(2021, 3, 1),
    )
    Evidence.objects.create(item=item, url="https://example.ru/a")
    reviewer = world["a"][Role.REGIONAL_COORDINATOR]
    services.roadmap_reopen(roadmap=approved_municipal, actor=reviewer, comment="Добавить мероприятие")
    item.refresh_from_db()
    approved_municipal.refresh_from_db()
    assert approved_municipal.status == MapStatus.DRAFT
    assert item.status == ItemStatus.DONE and item.evidence.count() == 1
    last = Transition.objects.filter(roadmap=approved_municipal).last()
    assert (last.from_status, last.to_status, last.actor, last.comment) == (
        "approved",
        "draft",
        reviewer,
        "Добавить мероприятие",
    )


def test_school_map_execution_stays_open_to_school_team_and_curator(world, client_for):
    a = world["a"]
    school_map = make_roadmap("school", municipality=a["m1"], school=a["s1"], items=1)
    services.roadmap_submit(roadmap=school_map, actor=None)
    school_map = services.roadmap_approve(roadmap=school_map, actor=None)
    item = school_map.items.get()
    for person in (a[Role.SCHOOL_TEAM], a[Role.CURATOR]):
        assert not scoping.can_edit_roadmap(person, school_map)
        assert scoping.can_update_execution(person, item)
    client_for(a[Role.SCHOOL_TEAM]).post(
        execution_url(item), {"version": item.version, "status": "in_progress"}
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS
    assert not scoping.can_update_execution(a[Role.MUNICIPAL_COORDINATOR], item)


def test_done_without_a_date_gets_today_through_the_form(world, client_for, approved_municipal):
    item = approved_municipal.items.first()
    response = client_for(world["a"][Role.MUNICIPAL_COORDINATOR]).post(
        execution_url(item), {"version": item.version, "status": "done"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.completed_on is not None
