"""В настоящем браузере: выбор ответственных людей поиском по фамилии (без Ctrl+щелчка, с клавиатуры) и
путь сотрудника министерства от первой ссылки домашней страницы до дела — федерального (отстающий
регион → его просроченное мероприятие на карте → сводка по стране в PDF сразу, без фоновой страницы) и
регионального (отстающий муниципалитет → его панель → просроченное мероприятие на карте)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps.models import Item
from tests.factories import TEST_PASSWORD, MunicipalityFactory, RegionFactory, make_member, make_roadmap

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")
MAP_YEAR = 2021


def test_coordinator_finds_a_responsible_person_by_typing_and_picks_with_the_keyboard(
    page, live_server, login
):
    region = RegionFactory(name="Северная область")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region, last_name="Региональная")
    for last_name in ("Орлов", "Соколова", "Воронцов", "Грачёва"):
        make_member(Role.CURATOR, region=region, last_name=last_name)
    roadmap = make_roadmap("regional", region=region, year=MAP_YEAR, items=1)
    login(page, live_server.url, coordinator.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
    page.get_by_role("button", name="Действия с мероприятием 1").click()
    page.get_by_role("menuitem", name="Изменить мероприятие 1").click()
    form = page.locator("form.item-form")
    search = form.get_by_label("Найти: ответственные люди")
    people = form.locator(f"#{search.get_attribute('data-picker-filter')} label")
    expect(people).to_have_count(5)
    search.press_sequentially("грач", delay=20)  # ё = е, регистр не важен
    expect(people.filter(visible=True)).to_have_count(1)
    expect(people.filter(visible=True)).to_contain_text("Грачёва")
    expect(form.locator("[aria-live=polite]").filter(has_text="Найдено")).to_have_text("Найдено: 1")
    search.press("Enter")  # Enter в поиске не отправляет форму
    expect(form).to_be_visible()
    search.press("Tab")  # следующий по Tab — единственный найденный флажок
    checkbox = form.get_by_role("checkbox", name="Грачёва", exact=False)
    expect(checkbox).to_be_focused()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    search.fill("орл")
    # Отмеченная не прячется, когда ищем другого: видно, кто уже выбран.
    expect(people.filter(visible=True)).to_have_count(2)
    form.get_by_role("checkbox", name="Орлов", exact=False).check()
    search.fill("")
    expect(people.filter(visible=True)).to_have_count(5)
    form.get_by_role("button", name="Сохранить").click()
    row = page.locator("#map-rows tr.item-row").first
    expect(row.locator(".tag.person")).to_have_count(2)
    item = Item.objects.get(roadmap=roadmap)
    assert sorted(u.last_name for u in item.responsible_users.all()) == ["Грачёва", "Орлов"]


@pytest.fixture
def behind():
    """Один регион с просроченным мероприятием в муниципальной карте: он и его муниципалитет отстают."""
    region = RegionFactory(name="Северная область")
    municipality = MunicipalityFactory(region=region, name="Озёрный район")
    year = region.local_today().year
    roadmap = make_roadmap("municipal", municipality=municipality, year=year, items=2)
    overdue = roadmap.items.order_by("position").first()
    Item.objects.filter(pk=overdue.pk).update(
        period_end=region.local_today() - datetime.timedelta(days=3),
        period_first_end=region.local_today() - datetime.timedelta(days=3),
        description="Совещание директоров",
    )
    return {"region": region, "municipality": municipality, "roadmap": roadmap, "item": overdue}


def test_federal_staff_walks_from_the_region_furthest_behind_to_its_overdue_item_and_the_national_pdf(
    page, live_server, login, behind
):
    federal = make_member(Role.FEDERAL_STAFF, last_name="Федеральная")
    login(page, live_server.url, federal.email, TEST_PASSWORD)
    table = page.locator("table").filter(has_text="Просрочено").first
    link = table.get_by_role("link").first
    expect(link).to_have_text("Северная область")
    link.click()
    overdue = page.get_by_role("link", name="Совещание директоров")
    expect(overdue).to_be_visible()
    overdue.click()
    row = page.locator(f"#item-{behind['item'].pk}")
    expect(row).to_contain_text("просрочено")
    # Сводка по стране — файл сразу, в том же запросе (маленькая выгрузка не идёт через фоновую страницу).
    page.goto(live_server.url + reverse("monitoring:home"))
    expect(page.get_by_role("heading", name="Мониторинг: все регионы", exact=False)).to_be_visible()
    with page.expect_download() as download:
        page.locator("form[data-export=national] button").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    expect(page).to_have_url(live_server.url + reverse("monitoring:home"))


def test_regional_ministry_staff_walks_from_the_municipality_furthest_behind_to_its_map(
    page, live_server, login, behind
):
    minobr = make_member(Role.REGIONAL_STAFF, region=behind["region"], last_name="Министерская")
    login(page, live_server.url, minobr.email, TEST_PASSWORD)
    table = page.locator("table").filter(has_text="Просрочено").first
    link = table.get_by_role("link").first
    expect(link).to_have_text("Озёрный район")
    link.click()
    # Ссылка ведёт на панель муниципалитета, где перечислены его просроченные мероприятия.
    overdue = page.get_by_role("link", name="Совещание директоров")
    expect(overdue).to_be_visible()
    overdue.click()
    row = page.locator(f"#item-{behind['item'].pk}")
    expect(row).to_contain_text("Совещание директоров")
    expect(row).to_contain_text("просрочено")
    # Сотрудник министерства только смотрит: правки в строке нет.
    expect(page.get_by_role("button", name="Действия с мероприятием 1")).to_have_count(0)
