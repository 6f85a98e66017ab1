"""Загрузка карты из файла в настоящем браузере: региональный координатор загружает .docx в свою
карту-черновик, меняет сопоставление одного столбца и видит, как меняется предпросмотр, подтверждает
замену (числа показаны) и правит загруженное мероприятие."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from roadmaps.importers import read_seed
from tests.factories import TEST_PASSWORD, RegionFactory, make_member, make_roadmap
from tests.roadmaps.importing.builders import LAYOUTS, build_docx

try:
    from playwright.sync_api import expect
except ImportError:
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")
SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
INDICATOR = "Нормативно-правовая база по реализации федерального проекта в Пермском крае сформирована"


def test_coordinator_uploads_docx_remaps_a_column_confirms_and_edits_an_item(
    page, live_server, login, tmp_path
):
    region = RegionFactory(name="Пермский край", code="59")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    roadmap = make_roadmap("regional", region=region, year=2021, sections=2, items=40)
    document = tmp_path / "Дорожная карта Пермь.docx"
    document.write_bytes(build_docx(read_seed(SEEDS / "perm-regional-2021.txt"), LAYOUTS[2]))

    login(page, live_server.url, coordinator.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
    page.get_by_role("link", name="Загрузить из файла").click()
    page.get_by_label("Файл с дорожной картой").set_input_files(str(document))
    page.get_by_role("button", name="Загрузить и посмотреть").click()

    expect(page.get_by_role("heading", name="Предпросмотр: «Дорожная карта Пермь.docx»")).to_be_visible()
    expect(page.locator("#item-count")).to_have_text("37")
    rows = page.locator("#import-rows")
    expect(rows).to_contain_text(INDICATOR)

    # Столбец «Показатель реализации» — не загружать: предпросмотр пересобирается без повторной загрузки.
    page.get_by_label("Столбец 4: Показатель реализации").select_option(label="не загружать")
    page.get_by_role("button", name="Обновить предпросмотр").click()
    expect(page.locator("ul.messages")).to_contain_text("Предпросмотр обновлён")
    expect(rows).not_to_contain_text(INDICATOR)
    # …и обратно: показатель снова на месте.
    page.get_by_label("Столбец 4: Показатель реализации").select_option(label="Показатель")
    page.get_by_role("button", name="Обновить предпросмотр").click()
    expect(rows).to_contain_text(INDICATOR)

    # Замена карты из 40 мероприятий файлом из 37 — только после подтверждения с числами.
    form = page.locator("#apply-form")
    expect(form.get_by_label("заменить все разделы", exact=False)).to_be_checked()
    form.get_by_role("button", name="Записать карту").click()
    expect(page.locator("#confirmations")).to_contain_text("В карте сейчас 40 мероприятий, а в файле 37")
    page.locator("#apply-form").get_by_label("Я проверил(а) числа выше и подтверждаю запись").check()
    page.locator("#apply-form").get_by_role("button", name="Записать карту").click()

    expect(page.locator("#map-rows tr.item-row")).to_have_count(37)
    page.get_by_role("button", name="Действия с мероприятием 1.1", exact=True).click()
    page.get_by_role("menuitem", name="Изменить мероприятие 1.1", exact=True).click()
    item_form = page.locator("form.item-form")
    item_form.get_by_label("Описание действий").fill("Создание нормативной базы проекта (исправлено)")
    item_form.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#map-rows")).to_contain_text("Создание нормативной базы проекта (исправлено)")
