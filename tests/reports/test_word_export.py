"""Дорожная карта в Word — приложение к распоряжению: открываем .docx python-docx и смотрим в XML."""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from accounts.models import Role
from reports.builders.word import WORD_COLUMNS, appendix_lines
from roadmaps import services as roadmap_services
from tests.factories import make_roadmap
from tests.reports.conftest import THIS_YEAR, TRICKY
from tests.reports.files import response_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADER = [label for label, _width in WORD_COLUMNS]


def download_docx(client, roadmap):
    response = client.post(reverse("reports:roadmap", args=[roadmap.pk, "docx"]))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"].startswith("attachment")
    assert ".docx" in response["Content-Disposition"]
    return response_bytes(response)


@pytest.fixture
def staff(world, client_for):
    return client_for(world["a"][Role.REGIONAL_STAFF])


def test_docx_is_the_appendix_with_a_real_repeating_table(official_map, staff):
    data = download_docx(staff, official_map)
    document = Document(io.BytesIO(data))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)

    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["Приложение", "к распоряжению", f"от 22.03.{THIS_YEAR} № 269"]
    title = next(p for p in document.paragraphs if p.text.startswith("План-график"))
    assert title.alignment == 1  # по центру
    assert f"на {THIS_YEAR} год" in title.text and "Регион А" in title.text

    assert len(document.tables) == 1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADER
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(f"{W}tblHeader") is not None

    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][0] == "1" and rows[0][1] == "Назначение муниципальных координаторов"
    assert rows[0][4] == "ДО"
    section_row = rows[1]
    assert len(set(section_row)) == 1 and section_row[0].startswith("2. Подготовительный этап")
    assert len(table.rows[2]._tr.tc_lst) == 1  # раздел — одна ячейка на всю ширину (gridSpan)
    done = rows[2]
    assert done[0] == "2.1" and done[2] == f"25-29.01.{THIS_YEAR}"
    assert "Доля ОО, принявших участие в анкетировании" in done[3] and "цель: 100 %" in done[3]
    assert done[5] == f"выполнено 29.01.{THIS_YEAR}"
    assert any(row[1] == TRICKY for row in rows)  # текст как есть, XML не сломан
    assert any("https://example.ru/500plus" in row[1] for row in rows)

    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 12


def test_page_numbers_are_a_page_field_in_the_footer(official_map, staff):
    data = download_docx(staff, official_map)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in xml and "fldChar" in xml for xml in footers)


def test_appendix_block_and_font_come_from_the_map_settings(world, client_for):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    roadmap = make_roadmap(region=world["a"]["region"], items=2)
    client = client_for(coordinator)
    response = client.post(
        reverse("roadmaps:settings", args=[roadmap.pk]),
        {
            "title": roadmap.title,
            "approval_document": "",
            "approval_date": "",
            "appendix_text": "Приложение 2\nк приказу министерства\nот 01.02.2024 № 77-п",
            "document_font": "PT Serif",
            "document_font_size": "11",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    document = Document(io.BytesIO(download_docx(client, roadmap)))
    assert [p.text for p in document.paragraphs[:3]] == [
        "Приложение 2",
        "к приказу министерства",
        "от 01.02.2024 № 77-п",
    ]
    assert document.styles["Normal"].font.name == "PT Serif"
    assert document.styles["Normal"].font.size.pt == 11


def test_appendix_without_a_document_leaves_blanks_to_fill_in(world):
    roadmap = make_roadmap(region=world["a"]["region"])
    assert appendix_lines(roadmap) == ["Приложение", "к распоряжению", "от __.__.____ № ____"]
    roadmap_services.roadmap_update(roadmap=roadmap, title=roadmap.title, approval_document="приказ № 12-о")
    assert appendix_lines(roadmap) == ["Приложение", "к приказу", "от __.__.____ № 12-о"]


def test_word_export_follows_map_visibility(world, client_for, official_map):
    outsider = client_for(world["b"][Role.REGIONAL_COORDINATOR])
    assert outsider.post(reverse("reports:roadmap", args=[official_map.pk, "docx"])).status_code == 404
    school_team = client_for(world["a"][Role.SCHOOL_TEAM])  # региональную карту своего региона видит
    assert school_team.post(reverse("reports:roadmap", args=[official_map.pk, "docx"])).status_code == 200


def test_map_page_offers_word_next_to_pdf_and_excel(official_map, staff):
    page = staff.get(reverse("roadmaps:detail", args=[official_map.pk])).content.decode()
    assert "Скачать PDF" in page and "Скачать Excel" in page and "Скачать Word" in page
    assert reverse("reports:roadmap", args=[official_map.pk, "docx"]) in page


def test_word_export_queries_do_not_grow_with_items(world, django_assert_max_num_queries):
    from reports.builders.base import no_progress
    from reports.builders.roadmap import build_roadmap

    small = make_roadmap(region=world["a"]["region"], items=5, sections=2)
    big = make_roadmap(region=world["b"]["region"], items=120, sections=6)
    for roadmap in (small, big):
        with django_assert_max_num_queries(12):
            build_roadmap(roadmap_id=roadmap.pk, fmt="docx", out=io.BytesIO(), progress=no_progress)


def test_big_map_goes_to_background_as_docx_too(
    world, settings, client_for, django_capture_on_commit_callbacks
):
    from reports.models import ExportJob, ExportStatus

    settings.REPORTS_SYNC_MAX_ROWS = 5
    roadmap = make_roadmap(region=world["a"]["region"], items=8, sections=2)
    client = client_for(world["a"][Role.REGIONAL_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:roadmap", args=[roadmap.pk, "docx"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == ExportStatus.DONE and job.rows == 10
    assert job.file.name.endswith(".docx") and job.file_name.endswith(".docx")
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    document = Document(io.BytesIO(response_bytes(download)))
    assert len(document.tables[0].rows) == 1 + 10
