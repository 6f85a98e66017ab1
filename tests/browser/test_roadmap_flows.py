"""Редактор дорожной карты в настоящем браузере: правка на месте (htmx), подсказка разбора срока,
история, рассмотрение муниципальной карты и конфликт одновременных правок.

Данные строятся фабриками внутри каждого теста: live_server работает в другом потоке,
поэтому тестам нужна transactional_db (общая фикстура `world` здесь не годится)."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps.models import Item
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    make_member,
    make_roadmap,
)

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")

MAP_YEAR = 2021


def row_action(page, number: str, name: str) -> None:
    """Действие со строкой карты: кнопка «⋯» строки открывает общее меню, в нём — пункт."""
    page.get_by_role("button", name=f"Действия с мероприятием {number}").click()
    page.get_by_role("menuitem", name=name).click()


def open_map(page, live_server, roadmap) -> None:
    page.goto(live_server.url + reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
    expect(page.locator("#map-rows")).to_be_visible()


def item_row(page, description: str):
    """Строка мероприятия в таблице карты по его описанию."""
    return page.locator("#map-rows tr.item-row").filter(has_text=description)


def mark_page_alive(page) -> None:
    """Метка в window: пропадёт, если страница перезагрузится целиком."""
    page.evaluate("window.__sameDocument = 'без перезагрузки'")


def assert_no_full_reload(page) -> None:
    assert page.evaluate("window.__sameDocument") == "без перезагрузки", "страница перезагрузилась целиком"


def logout(page) -> None:
    page.locator("header .usermenu").get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()


# --- 1. Новое мероприятие ------------------------------------------------------------------------


def test_coordinator_adds_item_with_live_period_preview_and_finds_it_in_history(page, live_server, login):
    region = RegionFactory(name="Северная область")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    roadmap = make_roadmap("regional", region=region, year=MAP_YEAR, sections=1, items=2)
    login(page, live_server.url, coordinator.email, TEST_PASSWORD)
    open_map(page, live_server, roadmap)
    expect(page.locator("#map-rows tr.item-row")).to_have_count(2)
    mark_page_alive(page)

    page.get_by_role("button", name="+ мероприятие в раздел Раздел 1").click()
    form = page.locator("#new-item form.item-form")
    expect(form).to_be_visible()
    form.get_by_label("Описание действий").fill("Провести семинар для директоров школ")
    period = form.locator("input[name=period_text]")
    period.press_sequentially("25-29.01.2021", delay=30)
    # Разбор срока появляется рядом с полем, пока человек печатает, — без сохранения.
    preview = form.locator(".period-preview")
    expect(preview).to_contain_text("25.01.2021 – 29.01.2021")
    expect(preview.locator(".ok")).to_have_attribute("data-kind", "range")
    form.get_by_label("Показатель", exact=True).fill("Доля директоров, прошедших семинар")
    form.get_by_label("Показатель", exact=True).press("Control+Enter")

    # Новая строка встала в раздел со своим номером и разобранными датами; форма закрылась.
    row = item_row(page, "Провести семинар для директоров школ")
    expect(row).to_be_visible()
    expect(row.locator("td.num-cell")).to_have_text("1.3")
    expect(row.locator("td.period")).to_contain_text("25-29.01.2021")
    expect(row.locator(".parsed")).to_have_text("25.01.2021 – 29.01.2021")
    expect(row).to_contain_text("Доля директоров, прошедших семинар")
    expect(page.locator("#new-item")).to_have_count(0)
    expect(page.locator("#map-rows tr.item-row")).to_have_count(3)
    assert_no_full_reload(page)

    # История карты: новое мероприятие и кто его завёл.
    page.locator(".tabs").get_by_role("link", name="История", exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("roadmaps:history", kwargs={"roadmap_id": roadmap.pk}))
    entry = page.locator("table.history tbody tr").filter(has_text="Провести семинар для директоров школ")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Создано")
    expect(entry.locator("td").nth(1)).to_have_text(coordinator.short_name)

    # История самого мероприятия — по ссылке из истории карты.
    entry.get_by_role("link", name="Провести семинар для директоров школ").click()
    expect(page.get_by_role("heading", name="История мероприятия 1.3")).to_be_visible()
    item_entries = page.locator("table.history tbody tr")
    expect(item_entries).to_have_count(1)
    expect(item_entries.first).to_contain_text("Создано")
    expect(item_entries.first).to_contain_text(coordinator.short_name)


# --- 2. Правка на месте: срок, порядок, удаление -------------------------------------------------


def test_inline_edit_flags_unparseable_period_and_reorders_and_deletes_items(page, live_server, login):
    region = RegionFactory()
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    roadmap = make_roadmap("regional", region=region, year=MAP_YEAR, sections=1, items=3)
    login(page, live_server.url, coordinator.email, TEST_PASSWORD)
    open_map(page, live_server, roadmap)
    mark_page_alive(page)
    numbers = page.locator("#map-rows tr.item-row td.num-cell")
    expect(numbers).to_have_text(["1.1", "1.2", "1.3"])

    # Esc закрывает форму без сохранения.
    row_action(page, "1.1", "Изменить мероприятие 1.1")
    form = page.locator("form.item-form")
    form.get_by_label("Описание действий").fill("Черновик, который не нужен")
    form.get_by_label("Описание действий").press("Escape")
    expect(form).to_have_count(0)
    expect(page.locator("#map-rows tr.item-row td.desc")).to_have_text(
        ["Мероприятие 1", "Мероприятие 2", "Мероприятие 3"]
    )

    # Срок, который не разобрать: предупреждение уже в подсказке, а после сохранения — в строке.
    row_action(page, "1.1", "Изменить мероприятие 1.1")
    expect(form).to_be_visible()
    period = form.locator("input[name=period_text]")
    expect(period).to_have_value(f"до 01.03.{MAP_YEAR}")
    period.fill("")
    period.press_sequentially("с момента запуска информационной системы", delay=10)
    expect(form.locator(".period-preview .warn")).to_contain_text("⚠")
    expect(form.locator(".period-preview")).not_to_contain_text("01.03")
    form.get_by_role("button", name="Сохранить").click()

    edited = item_row(page, "Мероприятие 1")
    expect(edited.locator("td.period")).to_contain_text("с момента запуска информационной системы")
    expect(edited.locator(".parsed")).to_have_class(re.compile(r"\bflag\b"))
    expect(edited.locator(".parsed")).to_contain_text("проверьте срок")
    assert_no_full_reload(page)

    # ↑ у второго мероприятия: оно становится первым, номера пересчитываются.
    row_action(page, "1.2", "Мероприятие 1.2 выше")
    expect(item_row(page, "Мероприятие 2").locator("td.num-cell")).to_have_text("1.1")
    expect(item_row(page, "Мероприятие 1").locator("td.num-cell")).to_have_text("1.2")
    expect(page.locator("#map-rows tr.item-row td.desc")).to_have_text(
        ["Мероприятие 2", "Мероприятие 1", "Мероприятие 3"]
    )

    # ✕ с подтверждением: мероприятие исчезает, оставшиеся перенумерованы.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    row_action(page, "1.1", "Удалить мероприятие 1.1")
    expect(item_row(page, "Мероприятие 2")).to_have_count(0)
    expect(page.locator("#map-rows tr.item-row td.desc")).to_have_text(["Мероприятие 1", "Мероприятие 3"])
    expect(numbers).to_have_text(["1.1", "1.2"])
    assert dialogs == ["Удалить мероприятие 1.1? Его можно будет вернуть из истории."]
    assert_no_full_reload(page)
    assert not Item.objects.filter(roadmap=roadmap, description="Мероприятие 2").exists()


# --- 3. Муниципальная карта: отправить → вернуть с комментарием → автор видит комментарий --------


def test_returned_municipal_map_shows_reviewer_comment_to_its_author(page, live_server, login):
    region = RegionFactory(name="Южная область")
    municipality = MunicipalityFactory(region=region, name="Приречный район")
    regional = make_member(Role.REGIONAL_COORDINATOR, region=region)
    municipal = make_member(Role.MUNICIPAL_COORDINATOR, municipality=municipality)
    regional_map = make_roadmap("regional", region=region, sections=1, items=1)
    municipal_map = make_roadmap("municipal", municipality=municipality, sections=1, items=2)

    # Муниципальный координатор находит свою карту в списке и отправляет её на рассмотрение.
    login(page, live_server.url, municipal.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Дорожные карты").click()
    page.get_by_role("link", name=municipal_map.title).click()
    expect(page.get_by_role("heading", name=municipal_map.title)).to_be_visible()
    expect(page.locator("#review-comment")).to_have_count(0)
    page.get_by_role("button", name="Отправить на рассмотрение").click()
    expect(page.locator(".messages")).to_contain_text("Карта отправлена на рассмотрение.")
    expect(page.locator("p.meta .badge")).to_have_text("на рассмотрении")
    expect(page.get_by_role("button", name="Отправить на рассмотрение")).to_have_count(0)
    # Отправленную карту автор уже не правит.
    expect(page.get_by_role("button", name="Действия с мероприятием 1.1")).to_have_count(0)
    logout(page)

    # Региональный координатор: своя карта → «Муниципальные карты региона» → «рассмотреть».
    login(page, live_server.url, regional.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Дорожные карты").click()
    page.get_by_role("link", name=regional_map.title).click()
    page.get_by_role("link", name="Муниципальные карты региона").click()
    expect(page).to_have_url(
        re.compile(
            re.escape(
                live_server.url + reverse("roadmaps:municipal_overview", kwargs={"region_id": region.pk})
            )
        )
    )
    overview_row = page.locator("table tbody tr").filter(has_text="Приречный район")
    expect(overview_row.locator(".badge")).to_have_text("на рассмотрении")
    overview_row.get_by_role("link", name="рассмотреть").click()
    expect(page.get_by_role("heading", name=municipal_map.title)).to_be_visible()
    page.get_by_label("Что исправить").fill("Добавьте график посещений")
    page.get_by_role("button", name="Вернуть на доработку").click()
    expect(page.locator(".messages")).to_contain_text("Карта возвращена на доработку.")
    expect(page.locator("p.meta .badge")).to_have_text("возвращена на доработку")
    logout(page)

    # Автор снова входит и видит, что исправить.
    login(page, live_server.url, municipal.email, TEST_PASSWORD)
    open_map(page, live_server, municipal_map)
    comment = page.locator("#review-comment")
    expect(comment).to_be_visible()
    expect(comment).to_contain_text("Карта возвращена на доработку.")
    expect(comment.locator("blockquote")).to_have_text("Добавьте график посещений")
    # Возвращённую карту снова можно править и отправить.
    expect(page.get_by_role("button", name="Действия с мероприятием 1.1")).to_be_visible()
    expect(page.get_by_role("button", name="Отправить на рассмотрение")).to_be_visible()


# --- 4. Одновременная правка одного мероприятия -------------------------------------------------


def test_second_editor_sees_conflict_with_first_change_and_keeps_own_text(page, browser, live_server, login):
    region = RegionFactory()
    first = make_member(Role.REGIONAL_COORDINATOR, region=region, last_name="Первова")
    second = make_member(Role.REGIONAL_COORDINATOR, region=region, last_name="Вторых")
    roadmap = make_roadmap("regional", region=region, year=MAP_YEAR, sections=1, items=2)

    other_context = browser.new_context(
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        viewport={"width": 1280, "height": 900},
    )
    other_context.set_default_timeout(15_000)
    try:
        other = other_context.new_page()
        login(page, live_server.url, first.email, TEST_PASSWORD)
        login(other, live_server.url, second.email, TEST_PASSWORD)

        # Оба открыли форму одного и того же мероприятия.
        forms = {}
        for who in (page, other):
            open_map(who, live_server, roadmap)
            row_action(who, "1.1", "Изменить мероприятие 1.1")
            forms[who] = who.locator("form.item-form")
            expect(forms[who].get_by_label("Описание действий")).to_have_value("Мероприятие 1")

        # Первый успел сохранить.
        forms[page].get_by_label("Описание действий").fill("Совещание с муниципальными координаторами")
        forms[page].get_by_role("button", name="Сохранить").click()
        expect(item_row(page, "Совещание с муниципальными координаторами")).to_be_visible()

        # Второй сохраняет своё — и видит, кто и что поменял, а его текст остался в форме.
        mark_page_alive(other)
        description = forms[other].get_by_label("Описание действий")
        description.fill("Семинар для кураторов школ")
        forms[other].get_by_label("Показатель", exact=True).fill("Число кураторов на семинаре")
        forms[other].get_by_role("button", name="Сохранить").click()
        conflict = other.locator("form.item-form .conflict")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text(f"Пока вы правили, мероприятие изменил(а) {first.short_name}")
        expect(conflict).to_contain_text("«Мероприятие 1» → «Совещание с муниципальными координаторами»")
        form = other.locator("form.item-form")
        expect(form.get_by_label("Описание действий")).to_have_value("Семинар для кураторов школ")
        expect(form.get_by_label("Показатель", exact=True)).to_have_value("Число кураторов на семинаре")
        assert_no_full_reload(other)
        assert Item.objects.get(roadmap=roadmap, description="Совещание с муниципальными координаторами")

        # Повторное «Сохранить» — осознанная перезапись чужой правки.
        form.get_by_role("button", name="Сохранить").click()
        expect(item_row(other, "Семинар для кураторов школ").locator("td.num-cell")).to_have_text("1.1")
        expect(other.locator("form.item-form")).to_have_count(0)
        expect(item_row(other, "Совещание с муниципальными координаторами")).to_have_count(0)
    finally:
        other_context.close()
