"""Сотрудник министерства в настоящем браузере скачивает PDF дорожной карты и Excel этапа мониторинга,
а потом ещё большую выгрузку через фоновое задание (прогресс → ссылка на файл). Скачанные файлы
открываются и проверяются.

live_server работает в другом потоке, поэтому данные создаются внутри теста (transactional_db)."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from monitoring import services as monitoring_services
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    make_member,
    make_roadmap,
)
from tests.reports.files import pdf_text, render_first_page_png, table, workbook

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")


def download(page, button) -> tuple[bytes, str]:
    """Щелчок по кнопке → скачанный файл (байты) и имя, которое предложил сервер."""
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes(), info.value.suggested_filename


def test_ministry_staff_downloads_roadmap_pdf_and_stage_excel(page, live_server, login):
    region = RegionFactory(name="Владимирская область")
    municipality = MunicipalityFactory(region=region, name="Муромский район")
    SchoolFactory(municipality=municipality, short_name="МБОУ СОШ № 1")
    roadmap = make_roadmap(
        "regional", region=region, items=12, sections=2, approval_document="распоряжение № 269"
    )
    stage = monitoring_services.stage_save(
        actor=None, region=region, year=timezone.localdate().year, title="1-й этап", date=timezone.localdate()
    )
    monitoring_services.snapshot_take(stage=stage, region=region)
    staff = make_member(Role.REGIONAL_STAFF, region=region, email="ministry@test.500plus.ru")
    login(page, live_server.url, staff.email, TEST_PASSWORD)

    page.goto(live_server.url + reverse("roadmaps:detail", args=[roadmap.pk]))
    data, name = download(page, page.get_by_role("button", name="Скачать PDF"))
    assert name.endswith(".pdf") and name.startswith("План-график")
    text = pdf_text(data)
    assert "План-график (дорожная карта) региональных мероприятий" in text and "Мероприятие 12" in text
    assert "Раздел 1" in text and "стр. 1 из" in text
    render_first_page_png(data, "browser-roadmap-first-page.png")

    page.goto(live_server.url + reverse("monitoring:region", args=[region.pk]))
    row = page.locator(f"#stage-{stage.pk}")
    data, name = download(page, row.get_by_role("button", name="Скачать Excel"))
    assert name.endswith(".xlsx")
    book = workbook(data)
    assert book.sheetnames == ["Регион", "Муниципалитеты", "Школы"]
    header, lines = table(book["Регион"])
    assert header[3] == "1-й этап" and lines[0][0] == "Доля исполненных мероприятий дорожной карты"
    assert table(book["Школы"])[1][0][1] == "МБОУ СОШ № 1"


def test_big_export_shows_progress_then_a_download_link(page, live_server, login, settings):
    settings.REPORTS_SYNC_MAX_ROWS = 5
    region = RegionFactory(name="Пермский край")
    roadmap = make_roadmap("regional", region=region, items=10, sections=1)
    staff = make_member(Role.REGIONAL_STAFF, region=region, email="perm.ministry@test.500plus.ru")
    login(page, live_server.url, staff.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:detail", args=[roadmap.pk]))
    page.get_by_role("button", name="Скачать Excel").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    link = page.get_by_role("link", name="Скачать файл")
    expect(link).to_be_visible()
    data, name = download(page, link)
    assert name.endswith(".xlsx")
    assert len(table(workbook(data)["Дорожная карта"])[1]) == 11  # раздел и 10 мероприятий
