"""Отчёт куратора по школе за период и таблица документов школ региона."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from reports.builders.curator import build_curator
from reports.builders.documents import build_region_documents
from reports.models import ExportJob
from schoolwork.models import DocumentKind
from tests.reports.files import pdf_text, render_first_page_png, response_bytes, table, workbook
from tests.schoolwork.factories import make_document, make_visit

TODAY = timezone.localdate()
PERIOD = {"date_from": TODAY.replace(month=1, day=1).isoformat(), "date_to": TODAY.isoformat()}


def download(client, url, data=None):
    response = client.post(url, data if data is not None else PERIOD)
    assert response.status_code == 200, response.content[:400]
    return response_bytes(response)


def test_curator_report_pdf_has_visits_profile_and_documents(figures_world, world, client_for):
    school = figures_world["s1"]
    data = download(
        client_for(world["a"][Role.REGIONAL_STAFF]), reverse("reports:curator", args=[school.pk, "pdf"])
    )
    text = pdf_text(data)
    for expected in (
        "Отчёт о работе куратора: Школа a1",
        "Посещения куратора (1)",
        "Первичное посещение",
        "Посмотрели уроки",
        f"Рисковый профиль {TODAY.year} года",
        "Тестовый фактор 1",
        f"Документы школы, {TODAY.year}",
        "Концепция развития",
        "подтверждён куратором",
        "Подтверждающие документы, мониторинг этап 1",
        "не загружен",
    ):
        assert expected in text, expected
    render_first_page_png(data, "curator-report-first-page.png")


def test_curator_report_excel_takes_only_visits_of_the_period(figures_world, world, client_for):
    school = figures_world["s1"]
    curator = figures_world[Role.CURATOR]
    make_visit(school, curator, date=datetime.date(TODAY.year - 1, 6, 1))  # до периода
    book = workbook(download(client_for(curator), reverse("reports:curator", args=[school.pk, "xlsx"])))
    assert book.sheetnames == ["Посещения", "Рисковый профиль", "Документы"]
    visits = book["Посещения"]
    header = next(r for r in range(1, 10) if visits.cell(r, 1).value == "Дата")
    assert visits.max_row == header + 1  # одно посещение за период
    date = visits.cell(header + 1, 1)
    assert date.value.date() == TODAY - datetime.timedelta(days=1) and date.number_format == "DD.MM.YYYY"
    assert visits.freeze_panes == f"A{header + 1}" and visits.auto_filter.ref
    header, profile = table(book["Рисковый профиль"])
    assert header[:2] == ("№", "Рисковый фактор") and profile[0][0] == 1 and len(profile) == 10
    _, documents = table(book["Документы"])
    assert ("Концепция развития", "подтверждён куратором") in {(r[1], r[2]) for r in documents}


def test_curator_report_rejects_a_backwards_period(figures_world, world, client_for):
    client = client_for(world["a"][Role.REGIONAL_STAFF])
    url = reverse("reports:curator", args=[figures_world["s1"].pk, "pdf"])
    response = client.post(url, {"date_from": TODAY.isoformat(), "date_to": "2021-01-01"})
    assert response.status_code == 400
    assert "Начало периода позже его конца" in response.content.decode()
    other = reverse("reports:curator", args=[world["b"]["s1"].pk, "pdf"])
    assert (
        client.post(other, {"date_from": "x", "date_to": "y"}).status_code == 404
    )  # чужая школа — 404, не 400


def test_region_documents_table_is_built_in_background(
    figures_world, world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:region_documents", args=[figures_world["region"].pk, "xlsx"]),
            {"year": TODAY.year},
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    book = workbook(response_bytes(client.get(reverse("reports:job_download", args=[job.pk]))))
    assert book.sheetnames == ["Сводка по школам", "Документы"]
    summary = {row[1]: row for row in table(book["Сводка по школам"])[1]}
    assert set(summary) == {"Школа a1", "Школа a2", "Школа a3"}
    a1 = summary["Школа a1"]
    assert a1[3].startswith("Иванова")  # куратор
    assert a1[4:9] == (
        "подтверждён куратором",
        "подтверждён куратором",
        "подтверждено 2 из 2, загружено 2",
        "не загружен",
        "не загружен",
    )
    assert a1[9] == 4 and isinstance(a1[9], int)
    assert summary["Школа a3"][8] == "загружен, ждёт проверки"
    details = book["Документы"]
    header = int(details.freeze_panes[1:]) - 1
    assert details.cell(header, 3).value == "Вид документа"
    kinds = [details.cell(r, 3).value for r in range(header + 1, details.max_row + 1)]
    assert len(kinds) == 7  # документы региона А в figures_world: у a1 — 4, у a2 — 2, у a3 — 1
    assert "Концепция развития" in kinds
    reviewed = next(r for r in range(header + 1, details.max_row + 1) if details.cell(r, 8).value)
    assert details.cell(reviewed, 8).is_date and details.cell(reviewed, 8).number_format == "DD.MM.YYYY HH:MM"


def test_pdf_is_not_offered_for_excel_only_exports(world, client_for):
    client = client_for(world["a"][Role.REGIONAL_STAFF])
    assert (
        client.post(reverse("reports:region_documents", args=[world["a"]["region"].pk, "pdf"])).status_code
        == 404
    )


@pytest.mark.parametrize("role", [Role.MUNICIPAL_COORDINATOR, Role.CURATOR, Role.SCHOOL_TEAM])
def test_region_tables_are_not_for_school_level_roles(world, client_for, role):
    client = client_for(world["a"][role])
    url = reverse("reports:region_documents", args=[world["a"]["region"].pk, "xlsx"])
    assert client.post(url).status_code == 404
    assert not ExportJob.objects.exists()


def test_curator_and_region_documents_query_counts_do_not_grow(figures_world):
    school, curator = figures_world["s1"], figures_world[Role.CURATOR]
    start, end = TODAY.replace(month=1, day=1), TODAY

    def queries() -> tuple[int, int]:
        counts = []
        for build in (
            lambda out: build_curator(
                school_id=school.pk,
                date_from=start,
                date_to=end,
                fmt="xlsx",
                out=out,
                progress=lambda d, t: None,
            ),
            lambda out: build_region_documents(
                region_id=figures_world["region"].pk, year=TODAY.year, out=out, progress=lambda d, t: None
            ),
        ):
            with CaptureQueriesContext(connection) as captured:
                build(io.BytesIO())
            counts.append(len(captured))
        return tuple(counts)

    before = queries()
    for _ in range(3):
        make_visit(school, curator)
    make_document(school, curator, kind=DocumentKind.MONITORING_1, versions=3)
    make_document(figures_world["s3"], curator, kind=DocumentKind.CONCEPT)
    assert queries() == before
