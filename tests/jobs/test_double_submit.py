"""Двойной щелчок и две вкладки: форма создания несёт одноразовый ключ (jobs.middleware), вторая такая же
отправка получает результат первой, а не вторую запись; гонка за уникальность — сообщение, не 500."""

import datetime
import re
import threading

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Invitation, Role, User
from jobs.middleware import DUPLICATE_MESSAGE, TOKEN_FIELD
from monitoring.models import MonitoringStage
from roadmaps.models import Item, Section
from schoolwork.models import SchoolDocument, Visit, VisitAttachment
from tests.factories import make_roadmap
from tests.schoolwork.factories import THIS_YEAR, upload

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def token_from(client, url: str) -> str:
    """Ключ берётся из настоящей страницы формы — так же, как его отправит браузер."""
    html = client.get(url).content.decode()
    found = re.search(rf'name="{TOKEN_FIELD}" value="([0-9a-f]{{32}})"', html)
    assert found, f"в форме {url} нет одноразового ключа"
    return found.group(1)


def post_twice(client, url: str, make_data, **extra):
    token = token_from(client, url)
    first = client.post(url, {**make_data(), TOKEN_FIELD: token}, **extra)
    second = client.post(url, {**make_data(), TOKEN_FIELD: token}, **extra)
    return first, second


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_second_shows_first_result(first, second):
    assert first.status_code == 302, first.content.decode()[:500]
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_double_visit_with_attachment_creates_one_visit(world):
    a = world["a"]
    curator = logged_in(a[Role.CURATOR])
    url = reverse("schoolwork:visit_create", args=[a["s1"].pk])

    def data():
        return {
            "kind": "first",
            "date": (TODAY - datetime.timedelta(days=2)).isoformat(),
            "purpose": "Знакомство со школой",
            "findings": "Уроки проходят по расписанию",
            "files": [upload("Протокол.pdf")],
        }

    first, second = post_twice(curator, url, data)

    assert_second_shows_first_result(first, second)
    assert Visit.objects.count() == 1 and VisitAttachment.objects.count() == 1
    assert DUPLICATE_MESSAGE in curator.get(second["Location"]).content.decode()


def test_double_document_upload_creates_one_document(world):
    a = world["a"]
    team = logged_in(a[Role.SCHOOL_TEAM])
    url = reverse("schoolwork:document_upload", args=[a["s1"].pk]) + f"?year={THIS_YEAR}"

    first, second = post_twice(team, url, lambda: {"kind": "concept", "file": upload("Концепция.pdf")})

    assert_second_shows_first_result(first, second)
    assert SchoolDocument.objects.count() == 1
    assert SchoolDocument.objects.get().versions.count() == 1


def test_double_invitation_creates_one_person(world):
    a = world["a"]
    coordinator = logged_in(a[Role.REGIONAL_COORDINATOR])
    url = reverse("people:person_invite")

    def data():
        return {
            "email": "novyj@example.ru",
            "last_name": "Новикова",
            "first_name": "Елена",
            "role": Role.CURATOR,
            "region": a["region"].pk,
        }

    first, second = post_twice(coordinator, url, data)

    assert_second_shows_first_result(first, second)
    assert User.objects.filter(email="novyj@example.ru").count() == 1
    assert Invitation.objects.filter(user__email="novyj@example.ru").count() == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_double_item_create_creates_one_item(world, htmx):
    a = world["a"]
    roadmap = make_roadmap("regional", region=a["region"], items=0, sections=1)
    coordinator = logged_in(a[Role.REGIONAL_COORDINATOR])
    url = reverse("roadmaps:item_create", args=[roadmap.pk])
    headers = (
        {"HTTP_HX_REQUEST": "true", "HTTP_REFERER": f"http://testserver/roadmaps/{roadmap.pk}/"}
        if htmx
        else {}
    )

    def data():
        return {
            "section": roadmap.sections.get().pk,
            "description": "Провести семинар для директоров",
            "period_text": f"до 01.12.{roadmap.year}",
            "status": "not_started",
            "target_kind": "",
        }

    first, second = post_twice(coordinator, url, data, **headers)

    errors = re.findall(r"class=\"error[^>]*>([^<]*)", first.content.decode())
    assert Item.objects.filter(roadmap=roadmap).count() == 1, errors
    if htmx:
        assert first.status_code == 200 and second.status_code == 200
        assert second["HX-Redirect"] == f"http://testserver/roadmaps/{roadmap.pk}/"
    else:
        assert second.status_code == 302


def test_double_section_create_creates_one_section(world):
    a = world["a"]
    roadmap = make_roadmap("regional", region=a["region"], items=0, sections=0)
    coordinator = logged_in(a[Role.REGIONAL_COORDINATOR])
    url = reverse("roadmaps:section_create", args=[roadmap.pk])

    post_twice(
        coordinator, url, lambda: {"title": "Организационные мероприятия", "period_text": "", "note": ""}
    )

    assert Section.objects.filter(roadmap=roadmap).count() == 1


def test_double_stage_create_creates_one_stage(world):
    a = world["a"]
    coordinator = logged_in(a[Role.REGIONAL_COORDINATOR])
    url = reverse("monitoring:stage_create", kwargs={"region_id": a["region"].pk}) + f"?year={TODAY.year}"
    token = token_from(
        coordinator,
        reverse("monitoring:region", kwargs={"region_id": a["region"].pk}) + f"?year={TODAY.year}",
    )
    data = {"title": "1-й этап", "date": TODAY.strftime("%d.%m.%Y"), TOKEN_FIELD: token}

    first = coordinator.post(url, data)
    second = coordinator.post(url, data)

    assert first.status_code == 302 and second.status_code == 302
    assert MonitoringStage.objects.filter(region=a["region"]).count() == 1


def test_form_with_errors_does_not_spend_the_token(world):
    a = world["a"]
    coordinator = logged_in(a[Role.REGIONAL_COORDINATOR])
    url = reverse("people:person_invite")
    token = token_from(coordinator, url)
    bad = {"email": "не-почта", "last_name": "", "first_name": "", "role": Role.CURATOR, TOKEN_FIELD: token}
    assert coordinator.post(url, bad).status_code == 200
    good = {
        "email": "ok@example.ru",
        "last_name": "Орлова",
        "first_name": "Ия",
        "role": Role.CURATOR,
        "region": a["region"].pk,
        TOKEN_FIELD: token,
    }
    assert coordinator.post(url, good).status_code == 302
    assert User.objects.filter(email="ok@example.ru").exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_invitations_of_one_person_never_give_500(require_postgres, world):
    """Две вкладки (разные ключи) приглашают одного человека одновременно: одна запись, второй ответ —
    форма или страница с понятным сообщением, ни одного 500."""
    a = world["a"]
    url = reverse("people:person_invite")
    results = []
    barrier = threading.Barrier(4)

    def invite(index: int) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(a[Role.REGIONAL_COORDINATOR])
        data = {
            "email": "parallel@example.ru",
            "last_name": "Параллельная",
            "first_name": f"Вкладка {index}",
            "role": Role.CURATOR,
            "region": a["region"].pk,
            TOKEN_FIELD: f"{index:032x}",
        }
        barrier.wait()
        results.append(client.post(url, data).status_code)

    threads = [threading.Thread(target=invite, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert 500 not in results and sorted(results).count(302) >= 1, results
    assert User.objects.filter(email="parallel@example.ru").count() == 1
