"""Муниципальная карта: черновик → на рассмотрении → утверждена или возвращена с комментарием;
утверждённая закрыта до повторного открытия; каждый переход в журнале."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from roadmaps.models import MapStatus, Transition
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipal(world):
    return make_roadmap("municipal", municipality=world["a"]["m1"], items=2)


def post(client, roadmap, action, comment=""):
    return client.post(
        reverse("roadmaps:transition", kwargs={"roadmap_id": roadmap.pk, "action": action}),
        {"comment": comment, "confirm": "1"},
        follow=True,
    )


def test_approve_asks_for_confirmation_showing_the_authors_comment(world, client_for, municipal):
    services.roadmap_submit(
        roadmap=municipal, actor=world["a"][Role.MUNICIPAL_COORDINATOR], comment="Учли замечания"
    )
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    page = client.get(reverse("roadmaps:detail", kwargs={"roadmap_id": municipal.pk})).content.decode()
    assert "Комментарий автора" in page and "Учли замечания" in page
    url = reverse("roadmaps:transition", kwargs={"roadmap_id": municipal.pk, "action": "approve"})
    html = client.post(url, {"comment": ""}).content.decode()
    assert "Утвердить карту?" in html and "Учли замечания" in html
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.SUBMITTED
    client.post(url, {"comment": "", "confirm": "1"})
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.APPROVED


def test_full_cycle_submit_return_resubmit_approve_reopen(world, client_for, municipal):
    a = world["a"]
    author, reviewer = client_for(a[Role.MUNICIPAL_COORDINATOR]), None
    post(author, municipal, "submit")
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.SUBMITTED

    reviewer = client_for(a[Role.REGIONAL_COORDINATOR])
    post(reviewer, municipal, "return", "Добавьте график посещений кураторов")
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.RETURNED

    author = client_for(a[Role.MUNICIPAL_COORDINATOR])
    page = author.get(reverse("roadmaps:detail", kwargs={"roadmap_id": municipal.pk})).content.decode()
    assert "Добавьте график посещений кураторов" in page

    post(author, municipal, "submit", "Исправлено")
    post(client_for(a[Role.REGIONAL_COORDINATOR]), municipal, "approve")
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.APPROVED and municipal.is_locked

    post(client_for(a[Role.REGIONAL_COORDINATOR]), municipal, "reopen")
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.DRAFT
    log = list(
        Transition.objects.filter(roadmap=municipal).values_list(
            "from_status", "to_status", "actor", "comment"
        )
    )
    assert log == [
        ("draft", "submitted", a[Role.MUNICIPAL_COORDINATOR].pk, ""),
        ("submitted", "returned", a[Role.REGIONAL_COORDINATOR].pk, "Добавьте график посещений кураторов"),
        ("returned", "submitted", a[Role.MUNICIPAL_COORDINATOR].pk, "Исправлено"),
        ("submitted", "approved", a[Role.REGIONAL_COORDINATOR].pk, ""),
        ("approved", "draft", a[Role.REGIONAL_COORDINATOR].pk, ""),
    ]


def test_return_without_comment_is_refused(world, client_for, municipal):
    services.roadmap_submit(roadmap=municipal, actor=None)
    response = post(client_for(world["a"][Role.REGIONAL_COORDINATOR]), municipal, "return", "")
    assert "Напишите, что исправить" in response.content.decode()
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.SUBMITTED


@pytest.mark.parametrize("action", ["approve", "return", "reopen"])
def test_transitions_from_wrong_state_are_refused(municipal, action):
    with pytest.raises(ValidationError):
        getattr(services, f"roadmap_{action}")(roadmap=municipal, actor=None, comment="x")
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.DRAFT


def test_empty_map_cannot_be_submitted(world):
    empty = make_roadmap("municipal", municipality=world["a"]["m2"])
    with pytest.raises(ValidationError, match="нет ни одного мероприятия"):
        services.roadmap_submit(roadmap=empty, actor=None)


def test_regional_map_has_no_review_workflow(world):
    regional = make_roadmap("regional", region=world["a"]["region"], items=1)
    with pytest.raises(ValidationError, match="распоряжением"):
        services.roadmap_submit(roadmap=regional, actor=None)


def test_author_cannot_approve_own_map(world, client_for, municipal):
    services.roadmap_submit(roadmap=municipal, actor=None)
    response = post(client_for(world["a"][Role.MUNICIPAL_COORDINATOR]), municipal, "approve")
    assert response.status_code == 403
    municipal.refresh_from_db()
    assert municipal.status == MapStatus.SUBMITTED


def test_submitted_and_approved_maps_are_locked_for_the_author(world, client_for, municipal):
    client = client_for(world["a"][Role.MUNICIPAL_COORDINATOR])
    item = municipal.items.first()
    services.roadmap_submit(roadmap=municipal, actor=None)
    assert client.get(reverse("roadmaps:item_edit", kwargs={"item_id": item.pk})).status_code == 403
    services.roadmap_approve(roadmap=municipal, actor=None)
    with pytest.raises(ValidationError, match="утверждена и закрыта"):
        services.item_delete(item=item)


def test_overview_shows_every_municipality_with_state_and_overdue(world, client_for, municipal):
    a = world["a"]
    make_roadmap(
        "regional",
        region=a["region"],
        year=municipal.year,
        municipal_deadline=a["region"].local_today().replace(month=1, day=1),
    )
    html = (
        client_for(a[Role.REGIONAL_COORDINATOR])
        .get(
            reverse("roadmaps:municipal_overview", kwargs={"region_id": a["region"].pk}),
            {"year": municipal.year},
        )
        .content.decode()
    )
    assert a["m1"].name in html and a["m2"].name in html
    assert "черновик" in html and "не начата" in html
    assert "просрочено: 2" in html or a["region"].local_today().month == 1


def test_school_map_is_confirmed_by_its_curator(world, client_for):
    a = world["a"]
    school_map = make_roadmap("school", school=a["s1"], items=1)
    post(client_for(a[Role.SCHOOL_TEAM]), school_map, "submit")
    post(client_for(a[Role.CURATOR]), school_map, "approve")
    school_map.refresh_from_db()
    assert school_map.status == MapStatus.APPROVED
