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


def test_national_summary_goes_to_background_and_has_all_regions(
    world, client_for, django_capture_on_commit_callbacks
):
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
    assert book.sheetnames == ["Регионы", "Показатели"]
    sheet = book["Регионы"]
    names = [sheet.cell(row, 2).value for row in range(6, sheet.max_row + 1)]
    assert names == ["Регион А", "Регион Б", "Все регионы"]
    assert sheet.cell(5, 5).value == "мероприятия выполнены: доля"
    assert sheet.cell(6, 5).number_format == "0.0%"
    assert sheet.cell(5, 8).value == "школы посещены куратором: доля"
    assert isinstance(sheet.cell(6, 6).value, int)


def test_national_summary_pdf(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world[Role.FEDERAL_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:national", args=["pdf"]))
    job = ExportJob.objects.get()
    data = response_bytes(client.get(reverse("reports:job_download", args=[job.pk])))
    text = pdf_text(data)
    for expected in ("сводка по всем регионам", "Регион А", "Регион Б", "Все регионы"):
        assert expected in text
    assert "стр. 1 из 1" in text
