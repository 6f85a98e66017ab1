"""В настоящем браузере: поиск из строки в шапке, сверка муниципальной карты с региональной (автор
связывает пункт, проверяющий принимает подсказку, сводная таблица региона) и скачивание карты в Word.

live_server работает в другом потоке, поэтому данные создаются внутри теста (transactional_db)."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

from accounts.models import Role
from roadmaps import services as roadmap_services
from roadmaps.services.workflow import roadmap_submit
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    make_member,
    make_roadmap,
)

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")


def _item(roadmap, description, **kwargs):
    return roadmap_services.item_create(actor=None, roadmap=roadmap, description=description, **kwargs)


def test_search_from_the_header_finds_only_what_is_visible(page, live_server, login):
    region = RegionFactory(name="Пермский край")
    other = RegionFactory(name="Владимирская область")
    municipality = MunicipalityFactory(region=region, name="Кудымкарский округ")
    SchoolFactory(municipality=municipality, short_name="МБОУ Кудымкарская СОШ")
    mine = make_roadmap(region=region, title="Карта Пермского края")
    _item(mine, "Наставничество для молодых педагогов <b>школ</b>")
    _item(make_roadmap(region=other, title="Карта Владимирской области"), "Наставничество во Владимире")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region, email="perm@test.500plus.ru")
    login(page, live_server.url, coordinator.email, TEST_PASSWORD)

    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("наставничество")
    box.press("Enter")
    expect(page.locator("#search-total")).to_contain_text("Найдено: 1")
    expect(page.locator(".search-group h2")).to_contain_text("Карта Пермского края")
    expect(page.locator(".snippet mark").first).to_have_text("Наставничество")
    expect(page.locator(".snippet b")).to_have_count(0)  # разметка из текста не становится разметкой
    expect(page.get_by_text("Наставничество во Владимире")).to_have_count(0)
    page.locator(".search-hit a").first.click()
    expect(page.locator("h1")).to_have_text("Карта Пермского края")

    page.get_by_role("search").get_by_role("searchbox").fill("Кудымкарская")
    page.get_by_role("search").get_by_role("searchbox").press("Enter")
    # на PostgreSQL по основе слова находится и «Кудымкарский округ» — группа школ есть в любом случае
    expect(page.locator(".search-group h2", has_text="Школы")).to_have_count(1)
    expect(page.get_by_role("link", name="МБОУ Кудымкарская СОШ")).to_be_visible()
    page.screenshot(path=str(_shot("browser-search.png")), full_page=True)


def test_alignment_link_accept_and_region_matrix(page, live_server, login):
    region = RegionFactory(name="Ярославская область")
    myshkin = MunicipalityFactory(region=region, name="Мышкинский район")
    MunicipalityFactory(region=region, name="Угличский район")
    regional = make_roadmap(region=region, title="Региональная карта")
    appoint = _item(regional, "Назначение муниципальных координаторов проекта", responsible_text="МОУО")
    _item(regional, "Проведение педагогических советов по итогам диагностики", responsible_text="МОУО")
    municipal = make_roadmap(
        "municipal", region=region, municipality=myshkin, title="Карта Мышкинского района"
    )
    _item(municipal, "Назначение муниципального координатора приказом")
    councils = _item(municipal, "Педагогические советы в школах по итогам диагностики")
    author = make_member(Role.MUNICIPAL_COORDINATOR, municipality=myshkin, email="mun@test.500plus.ru")
    reviewer = make_member(Role.REGIONAL_COORDINATOR, region=region, email="reg@test.500plus.ru")

    login(page, live_server.url, author.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", args=[municipal.pk]))
    expect(page.locator("#alignment-gaps")).to_contain_text("Не отражены пункты: 1, 2")
    page.locator("#alignment-gaps").get_by_role("link", name="Открыть сверку").click()
    row = page.locator(f"#regional-{appoint.pk}")
    row.get_by_role("combobox").select_option(label="Назначение муниципального координатора приказом")
    row.get_by_role("button", name="Связать").click()
    expect(page.locator(".messages")).to_contain_text("Связь сохранена")
    expect(page.locator(f"#regional-{appoint.pk}")).not_to_contain_text("Не отражено")
    roadmap_submit(actor=author, roadmap=municipal)
    page.get_by_role("button", name="Выйти").click()

    login(page, live_server.url, reviewer.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", args=[municipal.pk]))
    expect(page.locator("#alignment-gaps")).to_contain_text("Не отражены пункты: 2")
    page.locator("#alignment-gaps").get_by_role("link", name="Открыть сверку").click()
    page.locator(".suggestion").filter(has_text="Педагогические советы").get_by_role(
        "button", name="Принять"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Связь сохранена")
    page.goto(live_server.url + reverse("roadmaps:detail", args=[municipal.pk]))
    expect(page.locator("#alignment-gaps")).to_contain_text("отражены")
    expect(page.locator("#alignment-gaps")).not_to_contain_text("Не отражены")

    page.goto(live_server.url + reverse("roadmaps:detail", args=[regional.pk]))
    page.get_by_role("link", name="Сверка муниципальных карт с этой картой").click()
    table = page.locator("#alignment-table")
    expect(table).to_contain_text("Педагогические советы в школах")
    expect(table.locator("td.gap")).to_have_count(2)  # в Угличском районе карты нет
    expect(table).to_contain_text("карта не заведена")
    page.screenshot(path=str(_shot("browser-alignment.png")), full_page=True)
    page.get_by_label("только пункты с пробелами").check()
    page.get_by_role("combobox").select_option(label="Мышкинский район")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#alignment-empty")).to_contain_text("Пробелов нет")
    with page.expect_download() as info:
        page.get_by_role("link", name="Скачать Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert councils.pk


def test_reviewer_rejects_a_suggestion_and_brings_it_back(page, live_server, login):
    region = RegionFactory(name="Костромская область")
    district = MunicipalityFactory(region=region, name="Буйский район")
    regional = make_roadmap(region=region, title="Региональная карта")
    appoint = _item(regional, "Назначение муниципальных координаторов проекта", responsible_text="МОУО")
    municipal = make_roadmap("municipal", region=region, municipality=district, title="Карта Буйского района")
    _item(municipal, "Назначение координаторов проекта в школах района")
    reviewer = make_member(Role.REGIONAL_COORDINATOR, region=region, email="kostroma@test.500plus.ru")

    login(page, live_server.url, reviewer.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("alignment:map", args=[municipal.pk]))
    row = page.locator(f"#regional-{appoint.pk}")
    suggestion = row.locator(".suggestion").filter(has_text="Назначение координаторов проекта в школах")
    expect(suggestion).to_have_count(1)
    suggestion.get_by_role("button", name="Не то — отклонить").click()
    expect(page.locator(".messages")).to_contain_text("Подсказка отклонена")
    expect(page.locator(f"#regional-{appoint.pk} .suggestion")).to_have_count(0)
    history = page.locator("#rejections-table")
    expect(history).to_contain_text("Назначение координаторов проекта в школах района")
    expect(history).to_contain_text(reviewer.short_name)
    page.reload()  # и после перезагрузки (пересчёт подсказок уже прошёл) подсказки нет
    expect(page.locator(f"#regional-{appoint.pk} .suggestion")).to_have_count(0)
    page.screenshot(path=str(_shot("browser-alignment-rejected.png")), full_page=True)

    history.get_by_role("button", name="Вернуть подсказку").click()
    expect(page.locator(".messages")).to_contain_text("Подсказка возвращена")
    expect(page.locator(f"#regional-{appoint.pk} .suggestion")).to_have_count(1)
    expect(page.locator("#rejections-table")).not_to_contain_text("Вернуть подсказку")


def test_map_downloads_as_word(page, live_server, login):
    region = RegionFactory(name="Владимирская область")
    roadmap = make_roadmap(
        region=region, items=6, sections=2, approval_document="распоряжение № 269 от 22.03.2021"
    )
    staff = make_member(Role.REGIONAL_STAFF, region=region, email="ministry@test.500plus.ru")
    login(page, live_server.url, staff.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", args=[roadmap.pk]))
    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать Word").click()
    assert info.value.suggested_filename.endswith(".docx")
    document = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert [p.text for p in document.paragraphs[:3]] == [
        "Приложение",
        "к распоряжению",
        "от 22.03.2021 № 269",
    ]
    assert document.tables[0].rows[0].cells[1].text == "Описание действий"
    assert len(document.tables[0].rows) == 1 + 2 + 6


def _shot(name: str) -> Path:
    path = Path(__file__).resolve().parents[2] / "test-artifacts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
