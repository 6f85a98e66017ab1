"""Вход через настоящую страницу входа в браузере: каждая роль попадает на свою главную."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    assign_curator,
    make_member,
)

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def place():
    """Регион → муниципалитет → две школы; куратор будет закреплён только за первой."""
    region = RegionFactory(name="Северная область")
    municipality = MunicipalityFactory(region=region, name="Озёрный муниципальный район")
    school = SchoolFactory(municipality=municipality, short_name="МОУ «Школа Рассвет»")
    other_school = SchoolFactory(municipality=municipality, short_name="МОУ «Школа Закат»")
    return {"region": region, "municipality": municipality, "school": school, "other_school": other_school}


def make_user(role: str, place: dict):
    if role == Role.FEDERAL_STAFF:
        return make_member(role)
    if role in (Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR):
        return make_member(role, region=place["region"])
    if role == Role.MUNICIPAL_COORDINATOR:
        return make_member(role, municipality=place["municipality"])
    if role == Role.CURATOR:
        curator = make_member(role, region=place["region"])
        assign_curator(curator, place["school"])
        return curator
    if role == Role.SCHOOL_TEAM:
        return make_member(role, school=place["school"])
    raise AssertionError(f"неизвестная роль {role}")


def expected_title(role: str, place: dict) -> str:
    """Что должно стоять в заголовке раздела роли: название её области."""
    return {
        Role.FEDERAL_STAFF: "Все регионы программы",
        Role.REGIONAL_STAFF: place["region"].name,
        Role.REGIONAL_COORDINATOR: place["region"].name,
        Role.MUNICIPAL_COORDINATOR: place["municipality"].name,
        Role.CURATOR: place["region"].name,
        Role.SCHOOL_TEAM: place["school"].short_name,
    }[role]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_lands_on_its_home_section(page, live_server, login, place, role):
    user = make_user(role, place)

    login(page, live_server.url, user.email, TEST_PASSWORD)

    assert page.url == live_server.url + reverse("home")
    sections = page.locator("section.home-section")
    expect(sections).to_have_count(1)
    section = page.locator(f'section.home-section[data-role="{role}"]')
    expect(section).to_be_visible()
    expect(section.locator("h2")).to_contain_text(expected_title(role, place))

    if role == Role.FEDERAL_STAFF:
        expect(section.get_by_role("link", name=place["region"].name, exact=True)).to_be_visible()
    if role == Role.CURATOR:
        table = section.locator("table")
        expect(table.get_by_role("link", name=place["school"].short_name, exact=True)).to_be_visible()
        expect(table).not_to_contain_text(place["other_school"].short_name)
    if role == Role.MUNICIPAL_COORDINATOR:
        # Муниципальный координатор видит все школы своего муниципалитета.
        table = section.locator("table")
        expect(table.get_by_role("link", name=place["school"].short_name, exact=True)).to_be_visible()
        expect(table.get_by_role("link", name=place["other_school"].short_name, exact=True)).to_be_visible()

    expect(page.locator("header .usermenu")).to_contain_text(user.short_name)


def test_wrong_password_shows_russian_error(page, live_server, place):
    user = make_member(Role.SCHOOL_TEAM, school=place["school"])
    login_url = live_server.url + reverse("login")

    page.goto(login_url)
    page.fill("#id_username", user.email)
    page.fill("#id_password", TEST_PASSWORD + "-неверный")
    page.get_by_role("button", name="Войти").click()

    expect(page.get_by_role("alert")).to_contain_text("Неверная эл. почта или пароль")
    assert page.url == login_url
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()
    expect(page.locator("header .usermenu")).to_have_count(0)


def test_logout_returns_to_login_page(page, live_server, login, place):
    user = make_member(Role.MUNICIPAL_COORDINATOR, municipality=place["municipality"])
    login(page, live_server.url, user.email, TEST_PASSWORD)

    page.locator("header .usermenu").get_by_role("button", name="Выйти").click()

    page.wait_for_url(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()
    expect(page.locator("header .usermenu")).to_have_count(0)

    # Сессия действительно закрыта: главная снова отправляет на вход.
    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(live_server.url + reverse("login")) + r"\?next=/$"))
