"""Дорожная карта в Word — приложение к распоряжению (приказу), как её утверждают регионы и муниципалитеты.

Вёрстка документа: A4 альбомная; справа вверху блок «Приложение к распоряжению … от … № …» (из свойств
карты, правится там же); заголовок по центру; таблица «№ п/п | Описание действий | Сроки | Показатель |
Ответственные | Отметка о выполнении» — настоящая таблица Word, которую можно править; строка заголовка
повторяется на каждой странице (w:tblHeader); раздел — строка, объединённая на всю ширину; номера
страниц полем PAGE внизу; шрифт — из свойств карты (по умолчанию Times New Roman 12).

Таблица нарочно простая (без лишних колонок и вложенных таблиц): её же читает обратно импорт карт."""

from __future__ import annotations

import re
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.builders.base import Built, Progress
from reports.builders.roadmap import MapLine, map_lines, roadmap_heading
from reports.formats import DOCX, ru_date
from roadmaps.models import RoadMap

WORD_COLUMNS: list[tuple[str, int]] = [  # (заголовок, ширина в мм) — вместе 257 мм: A4 альбомная без полей
    ("№ п/п", 14),
    ("Описание действий", 92),
    ("Сроки", 30),
    ("Показатель", 49),
    ("Ответственные", 42),
    ("Отметка о выполнении", 30),
]
MARGIN_MM = 20
DEFAULT_FONT = "Times New Roman"

_NUMBER_IN_DOCUMENT = re.compile(r"№\s*([\w\-/.]+)")
_DATE_IN_DOCUMENT = re.compile(r"(\d{2}\.\d{2}\.\d{4})")
_DOCUMENT_KINDS = {"распоряжение": "распоряжению", "приказ": "приказу", "постановление": "постановлению"}


def appendix_lines(roadmap: RoadMap) -> list[str]:
    """Строки блока «Приложение». Написанное в свойствах карты берётся как есть; иначе блок
    собирается из утверждающего документа, а недостающее остаётся пропуском «____», который дописывают
    от руки или в Word."""
    if roadmap.appendix_text.strip():
        return [line.rstrip() for line in roadmap.appendix_text.strip().splitlines()]
    document = roadmap.approval_document or ""
    kind = next(
        (dative for word, dative in _DOCUMENT_KINDS.items() if word in document.casefold()), "распоряжению"
    )
    number = roadmap.approval_number or (
        match.group(1) if (match := _NUMBER_IN_DOCUMENT.search(document)) else "____"
    )
    date = ru_date(roadmap.approval_date) or (
        match.group(1) if (match := _DATE_IN_DOCUMENT.search(document)) else "__.__.____"
    )
    return ["Приложение", f"к {kind}", f"от {date} № {number}"]


def _set_font(style_or_run, name: str, size: int | None = None) -> None:
    """Кириллица в Word берёт шрифт из w:cs/w:eastAsia тоже — задаём все четыре атрибута."""
    style_or_run.font.name = name
    if size:
        style_or_run.font.size = Pt(size)
    fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))


def _page_number_footer(document) -> None:
    """Номер страницы — полем PAGE: Word и LibreOffice сами подставляют его на каждой странице."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _appendix_block(document, lines: list[str]) -> None:
    """Справа вверху, выровнено по левому краю блока — как в приложениях к распоряжениям."""
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.left_indent = Mm(175)
        paragraph.paragraph_format.space_after = Pt(0)
        if index == len(lines) - 1:
            paragraph.paragraph_format.space_after = Pt(12)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_split(row) -> None:
    """Короткая строка не рвётся между страницами (длинная всё равно перенесётся: так решает Word)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _fill(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = bold or None


def _set_widths(table) -> None:
    """Ширины — и в сетке таблицы, и в каждой ячейке: иначе Word растягивает колонки по тексту.
    У строки раздела одна ячейка на всю ширину (w:gridSpan) — ей ширина всей таблицы."""
    for grid_col, (_label, width) in zip(table._tbl.tblGrid.gridCol_lst, WORD_COLUMNS, strict=True):
        grid_col.w = Mm(width)
    total = Mm(sum(width for _label, width in WORD_COLUMNS))
    for row in table.rows:
        cells = row._tr.tc_lst
        if len(cells) == 1:
            cells[0].width = total
            continue
        for tc, (_label, width) in zip(cells, WORD_COLUMNS, strict=True):
            tc.width = Mm(width)


def _item_cells(line: MapLine) -> list[str]:
    description = "\n".join([line.text, *line.links])
    indicator = "\n".join(part for part in (line.indicator, line.target) if part)
    return [line.number, description, line.period_text, indicator, line.responsible, line.mark]


def build_roadmap_docx(*, roadmap: RoadMap, out: BinaryIO, progress: Progress) -> Built:
    title = roadmap_heading(roadmap)
    lines = map_lines(roadmap)
    font = roadmap.document_font or DEFAULT_FONT
    size = roadmap.document_font_size or 12

    document = Document()
    _set_font(document.styles["Normal"], font, size)
    _page_setup(document)
    _page_number_footer(document)
    document.core_properties.title = title[:255]
    document.core_properties.language = "ru-RU"

    _appendix_block(document, appendix_lines(roadmap))
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_after = Pt(12)
    heading.add_run(title).bold = True

    table = document.add_table(rows=1, cols=len(WORD_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, (label, _width) in zip(header.cells, WORD_COLUMNS, strict=True):
        _fill(cell, label, bold=True, center=True)

    for done, line in enumerate(lines, start=1):
        row = table.add_row()
        cells = row.cells
        if line.is_section:
            text = f"{line.number}. {line.text}" if line.number else line.text
            if line.period_text:
                text = f"{text} ({line.period_text})"
            merged = cells[0].merge(cells[-1])
            _fill(merged, text, bold=True)
            _no_split(row)
        else:
            for cell, text in zip(cells, _item_cells(line), strict=True):
                _fill(cell, text)
        if done % 200 == 0:
            progress(done, len(lines))

    _set_widths(table)
    document.save(out)
    progress(len(lines), len(lines))
    return Built(title, DOCX, len(lines))
