"""Телефон (390 × 844): ни одна страница не прокручивается вбок, меню прячется за одной кнопкой,
строки карты — карточки с крупными кнопками, шкала времени прокручивается в своей рамке.
axe-core и console.error проверяются на каждой странице (фикстура phone_page, см. conftest)."""

import datetime
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from notifications import services as notification_services
from schoolwork.services.visits import visit_log
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    assign_curator,
    make_member,
    make_roadmap,
)
from tests.notifications.factories import make_item

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")

PHONE_WIDTH = 390
LONG = (
    "Организовать и провести региональный методический семинар-практикум для управленческих команд "
    "школ с низкими образовательными результатами по разработке программ антирисковых мер"
)


@pytest.fixture
def world():
    region = RegionFactory(name="Пермский край", timezone="Asia/Yekaterinburg")
    municipality = MunicipalityFactory(region=region, name="Кудымкарский муниципальный округ Пермского края")
    school = SchoolFactory(municipality=municipality, short_name="МБОУ «Верх-Иньвенская средняя школа»")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    curator = make_member(Role.CURATOR, region=region)
    assign_curator(curator, school)
    municipal = make_member(Role.MUNICIPAL_COORDINATOR, municipality=municipality)
    team = make_member(Role.SCHOOL_TEAM, school=school)
    today = region.local_today()
    roadmap = make_roadmap("regional", region=region, year=today.year, sections=2, items=4)
    make_item(roadmap, due=today + timedelta(days=1), users=[coordinator], description=LONG)
    make_item(roadmap, due=today + timedelta(days=7), users=[coordinator], description="Собрать отчёты школ")
    notification_services.region_day_process(region_id=region.pk, day=today)
    visit_log(
        actor=curator,
        school=school,
        kind="first",
        date=today - datetime.timedelta(days=1),
        purpose="Первичное посещение, знакомство с управленческой командой школы",
        findings=LONG,
    )
    return {
        "roadmap": roadmap,
        "school": school,
        "coordinator": coordinator,
        "curator": curator,
        "municipal": municipal,
        "team": team,
    }


def assert_fits_phone(page, what: str) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (
        f"{what}: ширина {width} px — страница прокручивается вбок на {PHONE_WIDTH} px"
    )


def visit(page, url: str, what: str) -> None:
    page.goto(url)
    expect(page.locator("main h1").first).to_be_visible()
    assert_fits_phone(page, what)


def test_coordinator_pages_fit_a_phone_and_the_menu_collapses_behind_one_button(
    phone_page, live_server, login, world
):
    page, base = phone_page, live_server.url
    login(page, base, world["coordinator"].email, TEST_PASSWORD)
    assert_fits_phone(page, "главная координатора")

    # Меню: видна одна кнопка, разделы скрыты; шапка не съедает экран; кнопка раскрывает и Esc закрывает.
    header = page.locator("header.topbar")
    toggle = header.get_by_role("button", name="Меню")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(header.get_by_role("navigation", name="Главное меню")).to_be_hidden()
    assert header.bounding_box()["height"] <= 64
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(header.get_by_role("link", name="Дорожные карты")).to_be_visible()
    assert_fits_phone(page, "раскрытое меню")
    page.keyboard.press("Escape")
    expect(header.get_by_role("navigation", name="Главное меню")).to_be_hidden()

    roadmap = world["roadmap"]
    visit(page, base + reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}), "карта")
    # Строка карты — карточка: кнопки не меньше 24 px, «удалить» отодвинута от «копировать».
    row = page.locator("#map-rows tr.item-row").first
    for button in row.locator(".row-actions .icon").all():
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, button.get_attribute("aria-label")
    # Действия строки — в одном меню «⋯»: пункты не меньше 24 px, «Удалить» отодвинуто от «Копировать».
    row.get_by_role("button", name=re.compile(r"^Действия с мероприятием")).click()
    menu = page.get_by_role("menu")
    for item in menu.get_by_role("menuitem").all():
        box = item.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, item.get_attribute("aria-label")
    copy = menu.get_by_role("menuitem", name=re.compile(r"^Копировать")).bounding_box()
    delete = menu.get_by_role("menuitem", name=re.compile(r"^Удалить")).bounding_box()
    assert delete["y"] - (copy["y"] + copy["height"]) >= 8
    assert_fits_phone(page, "меню строки карты")
    # Правка строки на телефоне: форма помещается по ширине.
    menu.get_by_role("menuitem", name=re.compile(r"^Изменить")).click()
    expect(page.locator("tr.editing form.item-form")).to_be_visible()
    assert_fits_phone(page, "форма правки мероприятия")

    visit(page, base + reverse("roadmaps:timeline", kwargs={"roadmap_id": roadmap.pk}), "шкала времени")
    gantt = page.locator(".gantt")
    assert gantt.evaluate("g => g.scrollWidth > g.clientWidth"), "шкала должна прокручиваться в своей рамке"

    visit(page, base + reverse("notifications:list"), "уведомления")
    visit(page, base + reverse("schoolwork:visits"), "посещения")
    visit(page, base + reverse("schoolwork:documents"), "документы школ")


def test_home_visits_and_documents_fit_a_phone_for_every_role(phone_page, live_server, login, world):
    page, base = phone_page, live_server.url
    school = world["school"]
    for role in ("curator", "municipal", "team"):
        page.context.clear_cookies()
        login(page, base, world[role].email, TEST_PASSWORD)
        assert_fits_phone(page, f"главная: {role}")
    visit(page, base + reverse("schoolwork:school_visits", args=[school.pk]), "посещения школы")
    visit(page, base + reverse("schoolwork:school_documents", args=[school.pk]), "документы школы")
