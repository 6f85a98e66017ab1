"""Дорожная карта в PDF и Excel: открываем файлы и проверяем содержимое, вид и метаданные."""

import datetime
import io

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from reports.builders.base import no_progress
from reports.builders.roadmap import build_roadmap
from tests.factories import make_roadmap
from tests.reports.conftest import THIS_YEAR, TRICKY
from tests.reports.files import (
    A4_LANDSCAPE,
    embedded_fonts,
    page_texts,
    pdf_reader,
    pdf_text,
    render_first_page_png,
    response_bytes,
    rows,
    workbook,
)

HEADING = "План-график (дорожная карта) региональных мероприятий по проекту 500+"


def download(client, roadmap, fmt):
    response = client.post(reverse("reports:roadmap", args=[roadmap.pk, fmt]))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return response, response_bytes(response)


@pytest.fixture
def staff(world, client_for):
    return client_for(world["a"][Role.REGIONAL_STAFF])


def test_pdf_looks_like_the_official_document(official_map, staff, tmp_path):
    response, data = download(staff, official_map, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]  # кириллица в имени файла
    reader = pdf_reader(data)
    title = reader.metadata.title
    assert title.startswith(HEADING) and f"на {THIS_YEAR} год" in title and "Регион А" in title
    text = pdf_text(data)
    expected_texts = (
        HEADING,
        f"распоряжение № 269 от 22.03.{THIS_YEAR}",
        "№ п/п",
        "Описание действий",
        "Сроки",
        "Показатель",
        "Ответственные",
        "Отметка о выполнении",
        "2. Подготовительный этап",
        "3. Информационное сопровождение",  # разделы — строками на всю ширину
        "Назначение муниципальных координаторов",
        f"25-29.01.{THIS_YEAR}",  # срок — как написан
        f"выполнено 29.01.{THIS_YEAR}",
        "РИАЦОКО ВИРО",
        "цель: 100 %",
        "https://example.ru/500plus",
        "с момента запуска информационной системы",
        "<b>тег</b> & «кавычки»",
    )
    for expected in expected_texts:
        assert expected in text, expected
    pages = page_texts(data)
    assert f"стр. 1 из {len(pages)}" in pages[0]
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE, abs=1)
    fonts = embedded_fonts(data, tmp_path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("Liberation" in name or "DejaVu" in name for name, _ in fonts), fonts
    png = render_first_page_png(data, "roadmap-first-page.png")
    assert png.exists()


def test_long_map_repeats_header_keeps_rows_whole_and_stays_inside_margins(world, staff):
    roadmap = make_roadmap("regional", region=world["a"]["region"], items=60, sections=4)
    item = roadmap.items.order_by("position").first()
    item.description = "Очень длинное описание без пробелов " + "ОченьДлинноеСловоБезПробелов" * 20
    item.links = "https://example.ru/" + "очень-длинный-адрес-" * 15
    item.save()
    _, data = download(staff, roadmap, "pdf")
    pages = page_texts(data)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert "Описание действий" in text and "Отметка о выполнении" in text  # шапка на каждой странице
        assert f"стр. {number} из {len(pages)}" in text
    described = [text for text in pages if "Мероприятие 17" in text]
    assert len(described) == 1  # строка не разрезана между страницами
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            assert page.chars
            assert min(c["x0"] for c in page.chars) >= 20  # поля ~12 мм = 34 pt; ничего не срезано
            assert max(c["x1"] for c in page.chars) <= page.width - 20
            assert max(c["bottom"] for c in page.chars) <= page.height - 5


def test_excel_has_real_dates_frozen_header_filter_and_print_setup(official_map, staff):
    response, data = download(staff, official_map, "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = workbook(data)
    assert book.sheetnames == ["Дорожная карта"]
    assert book.properties.title.startswith(HEADING)
    sheet = book["Дорожная карта"]
    assert sheet["A1"].value.startswith(HEADING)
    assert sheet["A2"].value.startswith("Сформировано ")
    assert f"распоряжение № 269 от 22.03.{THIS_YEAR}" in sheet["A3"].value
    header = next(row for row in range(1, 10) if sheet.cell(row, 1).value == "№ п/п")
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.auto_filter.ref == f"A{header}:M{sheet.max_row}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    values = rows(sheet, header)
    assert values[0][:3] == ("№ п/п", "Описание действий", "Сроки (как написано)")
    assert values[1][:3] == (1, "Назначение муниципальных координаторов", f"25.01.{THIS_YEAR}")
    assert values[2][:2] == ("2", f"Подготовительный этап (Январь-март {THIS_YEAR})")  # раздел на всю ширину
    assert f"B{header + 2}:M{header + 2}" in {str(r) for r in sheet.merged_cells.ranges}
    done = values[3]
    assert done[0] == "2.1" and done[10] == "выполнено"
    start, end, completed = (sheet.cell(header + 3, column) for column in (4, 5, 12))
    assert start.value == datetime.datetime(THIS_YEAR, 1, 25) and start.number_format == "DD.MM.YYYY"
    assert end.value == datetime.datetime(THIS_YEAR, 1, 29) and end.is_date
    assert completed.value == datetime.datetime(THIS_YEAR, 1, 29) and completed.number_format == "DD.MM.YYYY"
    target = sheet.cell(header + 3, 8)
    assert target.value == 100 and target.data_type == "n"  # число, не текст
    assert "РИАЦОКО ВИРО" in done[9] and "Иванова" in done[9]  # как написано + добавленный в системе человек
    tricky = sheet.cell(header + 4, 2)
    assert tricky.value == TRICKY and tricky.data_type == "s"  # не формула
    assert sheet.cell(header + 3, 2).alignment.wrap_text
    assert sheet.column_dimensions["B"].width >= 50


def test_query_count_does_not_grow_with_items(world):
    small = make_roadmap("regional", region=world["a"]["region"], items=3, sections=2)
    big = make_roadmap("regional", region=world["b"]["region"], items=60, sections=4)
    counts = []
    for roadmap in (small, big):
        for fmt in ("pdf", "xlsx"):
            with CaptureQueriesContext(connection) as queries:
                build_roadmap(roadmap_id=roadmap.pk, fmt=fmt, out=io.BytesIO(), progress=no_progress)
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts
