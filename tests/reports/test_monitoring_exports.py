"""Отчёт об этапе мониторинга и сводка по всем регионам: цифры из снимков рядом с предыдущим этапом,
в PDF — график панели; в Excel — доли как проценты (дробные значения с форматом 0.0%)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from monitoring import services as monitoring_services
from reports.builders.base import no_progress
from reports.builders.monitoring import build_stage
from reports.models import ExportJob, ExportStatus
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.reports.files import (
    page_texts,
    pdf_reader,
    pdf_text,
    render_first_page_png,
    response_bytes,
    workbook,
)

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    response = client.post(url, data or {})
    assert response.status_code == 200, response.content[:300]
    return response_bytes(response)


def test_stage_pdf_has_figures_previous_stage_and_dashboard_chart(stage_snapshots, world, client_for):
    _, second = stage_snapshots
    data = post(
        client_for(world["a"][Role.REGIONAL_STAFF]), reverse("reports:stage", args=[second.pk, "pdf"])
    )
    assert "2-й этап" in pdf_reader(data).metadata.title
    text = pdf_text(data)
    expected_texts = (
        "Показатели региона",
        "Доля исполненных мероприятий дорожной карты",
        "1 из 3",
        "сравнение: 1-й этап",
        "Показатели по этапам",
        "мероприятия выполнены",
        "школы посещены куратором",  # подписи графика
        "Муниципалитеты (2)",
        "Регион А: первый район",
        "Школы (3)",
        "Школа a1",
        "было",
    )
    for expected in expected_texts:
        assert expected in text, expected
    assert f"стр. 1 из {len(page_texts(data))}" in text
    render_first_page_png(data, "stage-report-first-page.png")


def test_stage_excel_has_a_sheet_per_table_and_percent_cells(stage_snapshots, world, client_for):
    _, second = stage_snapshots
    book = workbook(
        post(client_for(world[Role.FEDERAL_STAFF]), reverse("reports:stage", args=[second.pk, "xlsx"]))
    )
    assert book.sheetnames == ["Регион", "Муниципалитеты", "Школы"]
    region = book["Регион"]
    header = 5
    assert region.cell(header, 4).value == "2-й этап" and region.cell(header, 5).value == "1-й этап"
    assert region.freeze_panes == f"A{header + 1}" and region.auto_filter.ref.startswith(f"A{header}:")
    items = region.cell(header + 1, 1)
    assert items.value == "Доля исполненных мероприятий дорожной карты"
    assert (region.cell(header + 1, 2).value, region.cell(header + 1, 3).value) == (1, 3)
    share = region.cell(header + 1, 4)
    assert share.number_format == "0.0%" and share.value == pytest.approx(1 / 3, abs=0.001)
    # Два дня назад выполненное сегодня ещё не было выполнено: 0 % → 33,3 %, изменение +33,3 п. п.
    assert region.cell(header + 1, 5).value == 0
    assert region.cell(header + 1, 6).value == pytest.approx(33.3)
    visited = region.cell(header + 2, 4)
    assert visited.value == pytest.approx(1 / 3, abs=0.001) and 0 <= visited.value <= 1
    municipalities = book["Муниципалитеты"]
    names = [municipalities.cell(row, 1).value for row in range(header + 1, municipalities.max_row + 1)]
    assert names == ["Регион А: второй район", "Регион А: первый район"]  # по алфавиту
    assert municipalities.cell(header + 1, 2).number_format == "0.0%"
    schools = book["Школы"]
    assert [schools.cell(row, 2).value for row in range(header + 1, schools.max_row + 1)] == [
        "Школа a3",
        "Школа a1",
        "Школа a2",
    ]  # по муниципалитету, затем по названию
    assert schools.cell(header + 1, 5).value in ("да", "нет")


def test_stage_report_query_count_does_not_grow_with_schools(stage_snapshots, figures_world):
    _, second = stage_snapshots

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_stage(snapshot_id=second.pk, fmt="xlsx", out=io.BytesIO(), progress=no_progress)
        return len(captured)

    before = queries()
    municipality = MunicipalityFactory(region=figures_world["region"])
    for _ in range(5):
        SchoolFactory(municipality=municipality)
    monitoring_services.snapshot_take(stage=second.stage, region=figures_world["region"])
    second = second.stage.snapshots.get()
    assert queries() == before


def test_small_national_summary_downloads_in_the_same_request_with_all_regions(world, client_for):
    client = client_for(world[Role.FEDERAL_STAFF])
    response = client.get(reverse("reports:national", args=["xlsx"]), {"year": 2026})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert not ExportJob.objects.exists()
    book = workbook(response_bytes(response))
    assert book.sheetnames == ["Регионы", "Показатели"]
    sheet = book["Регионы"]
    names = [sheet.cell(row, 2).value for row in range(6, sheet.max_row + 1)]
    assert names == ["Регион А", "Регион Б", "Все регионы"]
    assert sheet.cell(5, 5).value == "мероприятия выполнены: доля"
    assert sheet.cell(6, 5).number_format == "0.0%"
    assert sheet.cell(5, 8).value == "школы посещены куратором: доля"
    assert isinstance(sheet.cell(6, 6).value, int)


def test_national_summary_above_the_threshold_goes_to_background(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_SYNC_MAX_ROWS = 1  # два региона — уже «большая» выгрузка
    client = client_for(world[Role.FEDERAL_STAFF])
    url = reverse("reports:national", args=["xlsx"])
    assert "Собрать файл" in client.get(url).content.decode()  # GET ничего не запускает, только спрашивает
    assert not ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"year": 2026})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    assert job.status == ExportStatus.DONE and job.params == {"year": 2026, "format": "xlsx"}
    book = workbook(response_bytes(client.get(reverse("reports:job_download", args=[job.pk]))))
    assert [book["Регионы"].cell(row, 2).value for row in (6, 7)] == ["Регион А", "Регион Б"]


def test_national_summary_pdf_of_one_page_downloads_at_once(world, client_for):
    client = client_for(world[Role.FEDERAL_STAFF])
    response = client.get(reverse("reports:national", args=["pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not ExportJob.objects.exists()
    data = response_bytes(response)
    text = pdf_text(data)
    for expected in ("сводка по всем регионам", "Регион А", "Регион Б", "Все регионы"):
        assert expected in text


def test_national_pdf_has_the_pages_pictures_tile_map_then_bars_then_table(world, client_for):
    data = response_bytes(
        client_for(world[Role.FEDERAL_STAFF]).get(reverse("reports:national", args=["pdf"]))
    )
    tiles, bars, table = page_texts(data)[:3]
    assert "Где работа идёт, а где отстаёт" in tiles
    for legend in ("меньше 25 %", "75 % и больше", "нет в программе"):
        assert legend in tiles  # подписи SVG — текст PDF, а не картинка
    assert "Регионы по доле выполненных мероприятий" in bars
    assert "Регион А" in bars and "100%" in bars
    assert "Все регионы" in table
    png = render_first_page_png(data, "national-pictures.png")
    assert png.stat().st_size > 10_000  # нарисована карта-плитка, не пустая страница


def test_national_pdf_bars_of_85_regions_fit_one_page_in_two_columns(world, client_for):
    from tests.factories import RegionFactory

    names = [f"Область {n}" for n in range(83)]  # 83 региона сверх двух из world — всего 85
    for name in names:
        RegionFactory(name=name)
    data = response_bytes(
        client_for(world[Role.FEDERAL_STAFF]).get(reverse("reports:national", args=["pdf"]))
    )
    pages = page_texts(data)
    assert "Регионы по доле выполненных мероприятий" in pages[1]
    assert all(name in pages[1] for name in names)
    assert "Все регионы" not in pages[1]  # таблица — со следующей страницы
