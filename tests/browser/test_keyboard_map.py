"""Только клавиатура, без мыши: войти, открыть карту из меню, изменить мероприятие и сохранить.

Каждое действие — нажатие клавиш (Tab, Enter, набор текста); тест проверяет, что фокус виден
и попадает туда, где человек ожидает, и что правка сохранена в базе."""

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps.models import Item
from tests.factories import TEST_PASSWORD, RegionFactory, make_member, make_roadmap

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")

MAX_TABS = 150


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                name: (el.getAttribute("aria-label") || el.textContent || el.value || "").trim(),
                visible: el.getClientRects().length > 0,
                ring: style.outlineStyle !== "none" || style.boxShadow !== "none",
            };
        }"""
    )


def tab_to(page, matches, what: str) -> dict:
    """Жмёт Tab, пока фокус не встанет на нужный элемент (не больше MAX_TABS раз)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = focused(page)
        if matches(current):
            assert current["visible"], f"{what}: фокус на невидимом элементе"
            return current
    raise AssertionError(f"{what}: за {MAX_TABS} нажатий Tab фокус туда не попал")


def test_coordinator_edits_a_map_row_with_the_keyboard_only(page, live_server):
    region = RegionFactory(name="Северная область")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    roadmap = make_roadmap("regional", region=region, sections=1, items=3, title="Региональная карта")
    item = Item.objects.get(roadmap=roadmap, description="Мероприятие 2")
    base = live_server.url

    page.goto(base + reverse("login"))
    tab_to(
        page,
        lambda f: f["tag"] == "input" and page.evaluate("document.activeElement.name") == "username",
        "поле логина",
    )
    page.keyboard.type(coordinator.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + reverse("home"))

    # Меню → «Дорожные карты» → карта.
    current = tab_to(page, lambda f: f["tag"] == "a" and f["name"] == "Дорожные карты", "пункт меню")
    assert current["ring"], "у фокуса в меню нет видимой рамки"
    page.keyboard.press("Enter")
    page.wait_for_url(base + reverse("roadmaps:list"))
    tab_to(page, lambda f: f["tag"] == "a" and "Региональная карта" in f["name"], "ссылка на карту")
    page.keyboard.press("Enter")
    expect(page.locator("#map-rows")).to_be_visible()

    # «Действия с мероприятием 2» → Enter открывает меню строки с фокусом на «Изменить» → Enter: форма на
    # месте строки, фокус сразу в первом поле. Мероприятие 2 стоит в разделе 1 — его номер 1.2.
    tab_to(page, lambda f: f["name"] == "Действия с мероприятием 1.2", "кнопка меню строки")
    page.keyboard.press("Enter")
    assert focused(page)["name"] == "Изменить мероприятие 1.2", "фокус не перешёл в меню строки"
    page.keyboard.press("Enter")
    form = page.locator("tr.editing form.item-form")
    expect(form).to_be_visible()
    expect(form.locator("textarea, input[type=text]").first).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Провести семинар для директоров школ")
    # До кнопки «Сохранить» — тоже Tab, и Enter на ней.
    tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "Сохранить", "кнопка «Сохранить»")
    page.keyboard.press("Enter")
    expect(page.locator("tr.editing")).to_have_count(0)
    expect(
        page.locator("#map-rows tr.item-row").filter(has_text="Провести семинар для директоров школ")
    ).to_be_visible()
    item.refresh_from_db()
    assert item.description == "Провести семинар для директоров школ"
