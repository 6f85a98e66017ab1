"""Год работы в настоящем браузере: исполнение утверждённой карты (план закрыт), возврат версии с
предпросмотром и подтверждением, и для каждой роли — путь от первой ссылки домашней страницы до
сделанного дела."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from roadmaps import services
from roadmaps.models import Item, ItemStatus, MapStatus, RoadMap
from schools.models import Participation
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    assign_curator,
    make_member,
    make_roadmap,
)
from tests.schoolwork.factories import make_document, make_profile, pdf_bytes

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")
YEAR = timezone.localdate().year


@pytest.fixture
def place():
    region = RegionFactory(name="Северная область")
    municipality = MunicipalityFactory(region=region, name="Озёрный район")
    school = SchoolFactory(municipality=municipality, short_name="МОУ «Школа Рассвет»")
    Participation.objects.get_or_create(school=school, year=YEAR)
    curator = make_member(Role.CURATOR, region=region, last_name="Кураторова")
    assign_curator(curator, school)
    return {
        "region": region,
        "municipality": municipality,
        "school": school,
        "curator": curator,
        "coordinator": make_member(Role.REGIONAL_COORDINATOR, region=region, last_name="Региональная"),
        "municipal": make_member(
            Role.MUNICIPAL_COORDINATOR, municipality=municipality, last_name="Муниципальная"
        ),
        "team": make_member(Role.SCHOOL_TEAM, school=school, last_name="Директорова"),
    }


def approved_map(place) -> RoadMap:
    roadmap = make_roadmap("municipal", municipality=place["municipality"], items=2)
    overdue = roadmap.items.order_by("position").first()
    Item.objects.filter(pk=overdue.pk).update(
        period_end=place["region"].local_today() - datetime.timedelta(days=2),
        description="Совещание директоров",
    )
    later = place["region"].local_today() + datetime.timedelta(days=30)
    roadmap.items.exclude(pk=overdue.pk).update(period_end=later)
    services.roadmap_submit(roadmap=roadmap, actor=place["municipal"])
    return services.roadmap_approve(roadmap=roadmap, actor=place["coordinator"])


def first_inbox_link(page):
    link = page.locator(".home-section .inbox-list li a").first
    expect(link).to_be_visible()
    return link


def test_municipal_coordinator_updates_execution_of_an_approved_map_but_not_its_plan(
    page, live_server, login, place
):
    roadmap = approved_map(place)
    item = roadmap.items.get(description="Совещание директоров")
    login(page, live_server.url, place["municipal"].email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
    expect(page.locator("#plan-closed")).to_contain_text("План утверждён и закрыт для правки")
    row = page.locator(f"#item-{item.pk}")
    expect(row.get_by_role("button", name="Изменить мероприятие")).to_have_count(0)
    row.get_by_role("link", name="Исполнение мероприятия").click()
    page.select_option("#id_status", "done")
    page.fill("#id_completed_on", place["region"].local_today().strftime("%d.%m.%Y"))
    page.fill("#id_status_comment", "Совещание проведено, протокол на сайте")
    page.get_by_role("button", name="Сохранить исполнение").click()
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("выполнено")
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("Совещание проведено")
    # план по-прежнему закрыт: прямой адрес формы правки — отказ (запрос с той же сессией браузера, но не
    # переход страницы: ожидаемый 403 не должен считаться ошибкой консоли)
    response = page.request.get(live_server.url + reverse("roadmaps:item_edit", kwargs={"item_id": item.pk}))
    assert response.status == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.description == "Совещание директоров"


def test_restore_shows_a_preview_and_needs_confirmation(page, live_server, login, place):
    roadmap = make_roadmap("regional", region=place["region"], items=1, year=2021)
    item = roadmap.items.get()
    services.item_update(
        actor=place["coordinator"], item=item, expected_version=1, description="Испорченный текст"
    )
    login(page, live_server.url, place["coordinator"].email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:item_history", kwargs={"item_id": item.pk}))
    page.get_by_role("link", name="Вернуть эту версию…").first.click()
    preview = page.locator("#restore-preview")
    expect(preview).to_contain_text("Что изменится")
    expect(preview).to_contain_text("Испорченный текст")
    expect(preview).to_contain_text("Мероприятие 1")
    item.refresh_from_db()
    assert item.description == "Испорченный текст"  # предпросмотр ничего не меняет
    page.get_by_role("button", name="Да, вернуть эту версию").click()
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("Мероприятие 1")
    item.refresh_from_db()
    assert item.description == "Мероприятие 1"


def test_regional_coordinator_walks_from_home_to_an_approved_map(page, live_server, login, place):
    roadmap = make_roadmap("municipal", municipality=place["municipality"], items=1)
    services.roadmap_submit(roadmap=roadmap, actor=place["municipal"], comment="Прошу утвердить")
    login(page, live_server.url, place["coordinator"].email, TEST_PASSWORD)
    link = first_inbox_link(page)
    expect(link).to_contain_text(place["municipality"].name)
    link.click()
    expect(page.locator("#workflow")).to_contain_text("Прошу утвердить")
    page.locator("#workflow").get_by_role("button", name="Утвердить").click()
    expect(page.locator("#approve-confirm")).to_contain_text("Утвердить карту?")
    page.get_by_role("button", name="Да, утвердить").click()
    expect(page.get_by_text("Карта утверждена.")).to_be_visible()
    roadmap.refresh_from_db()
    assert roadmap.status == MapStatus.APPROVED


def test_municipal_coordinator_walks_from_home_to_a_done_item(page, live_server, login, place):
    roadmap = approved_map(place)
    login(page, live_server.url, place["municipal"].email, TEST_PASSWORD)
    link = first_inbox_link(page)
    expect(link).to_contain_text("Совещание директоров")
    link.click()
    item = roadmap.items.get(description="Совещание директоров")
    page.locator(f"#item-{item.pk}").get_by_role("link", name="Исполнение мероприятия").click()
    page.select_option("#id_status", "done")
    page.get_by_role("button", name="Сохранить исполнение").click()
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("выполнено")


def test_curator_walks_from_home_to_a_confirmed_document(page, live_server, login, place):
    document = make_document(place["school"], place["team"], kind=DocumentKind.CONCEPT, year=YEAR)
    login(page, live_server.url, place["curator"].email, TEST_PASSWORD)
    link = first_inbox_link(page)
    expect(link).to_contain_text("Концепция развития")
    link.click()
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_test_id("document-state")).to_contain_text("подтверждён куратором")
    document.refresh_from_db()
    assert document.status == DocumentStatus.CONFIRMED


def test_school_team_walks_from_home_checklist_to_an_uploaded_document(page, live_server, login, place):
    make_profile(place["school"], YEAR, verified_by=place["curator"], directions=(1, 2))
    login(page, live_server.url, place["team"].email, TEST_PASSWORD)
    first_todo = page.locator("#school-checklist li.todo a").first
    expect(page.locator("#school-checklist li.todo").first).to_contain_text("Концепция развития")
    first_todo.click()
    page.locator("tr").filter(has_text=re.compile("концепция", re.I)).get_by_role(
        "link", name="Загрузить", exact=True
    ).click()
    if page.locator("#id_kind").count():
        page.select_option("#id_kind", DocumentKind.CONCEPT)
    page.set_input_files(
        "input[type=file]", {"name": "Концепция.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("к")}
    )
    page.locator("form").filter(has=page.locator("input[type=file]")).locator("button[type=submit]").click()
    expect(page.get_by_text("загружен, ждёт проверки").first).to_be_visible()
    assert SchoolDocument.objects.filter(
        school=place["school"], kind=DocumentKind.CONCEPT, year=YEAR
    ).exists()
