"""Файлы дорожных карт, собранные внутри тестов из трёх настоящих карт (fixtures/seeds): .docx, .xlsx,
.odt, .ods и текст — в разных разметках (порядок и названия столбцов, без заголовка, повтор заголовка,
строка, разорванная страницей, пустая строка в ячейке, разделы во всю ширину, преамбула, две таблицы,
скрытые столбцы, несколько листов). Так проверяется общее умение, а не подгонка под один файл."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace

from roadmaps.importers.drafts import MapDraft

STANDARD = {
    "number": "№ п/п",
    "description": "Описание действий",
    "period": "Сроки",
    "indicator": "Показатель",
    "responsible": "Ответственные",
}
WORDINGS = [
    STANDARD,
    {"number": "№", "description": "Мероприятия", "period": "Срок исполнения",
     "indicator": "Показатель реализации", "responsible": "Исполнитель"},
    {"number": "№\nп/п", "description": "Задачи", "period": "Сроки реализации",
     "indicator": "Результаты исполнения", "responsible": "Ответственный исполнитель",
     "links": "Информационное сопровождение"},
    {"number": "№ п/п", "description": "Содержание мероприятия", "period": "Дата",
     "indicator": "Ожидаемый результат", "responsible": "Ответственные"},
    {"number": "№", "description": "Наименование мероприятия", "period": "Сроки",
     "indicator": "Показатель", "responsible": "Ответственный исполнитель"},
]  # fmt: skip


@dataclass
class Layout:
    name: str
    order: list[str] = field(
        default_factory=lambda: ["number", "description", "period", "indicator", "responsible"]
    )
    headers: dict[str, str] | None = field(default_factory=lambda: dict(STANDARD))  # None — без заголовка
    repeat_header_every: int = 0  # заголовок повторяется «на каждой странице»
    split_rows: bool = False  # строка, разорванная страницей: хвост показателя — в следующей строке
    blank_line_in_cell: bool = False
    merged_sections: bool = True  # разделы — строкой из одной ячейки во всю ширину
    preamble: list[str] = field(default_factory=list)
    two_tables: bool = False  # перед картой — другая таблица (лист согласования)
    hidden_column: bool = False  # xlsx/ods: служебный скрытый столбец
    extra_sheet: bool = False  # xlsx/ods: лист «Пояснения» перед листом с картой

    def with_(self, **changes) -> Layout:
        return replace(self, **changes)


OTHER_LEVELS_PREAMBLE = [
    "ПРИКАЗ",
    "В целях реализации региональной дорожной карты проекта и поддержки школ с низкими "
    "результатами обучения, "
    "во исполнение распоряжения министерства и в соответствии с муниципальными планами,",
    "ПРИКАЗЫВАЮ: утвердить план мероприятий школы и муниципалитета согласно приложению.",
]

LAYOUTS = [
    Layout("стандартная"),
    Layout("столбцы в другом порядке", order=["description", "number", "responsible", "indicator", "period"]),
    Layout("формулировки 2", headers=dict(WORDINGS[1])),
    Layout(
        "формулировки 3 и ссылки",
        headers=dict(WORDINGS[2]),
        order=["number", "description", "period", "indicator", "responsible", "links"],
    ),
    Layout("формулировки 4", headers=dict(WORDINGS[3])),
    Layout("формулировки 5", headers=dict(WORDINGS[4])),
    Layout("неизвестный заголовок", headers={**STANDARD, "description": "Что делаем"}),
    Layout("без заголовка", headers=None),
    Layout("заголовок на каждой странице и разрыв строки", repeat_header_every=7, split_rows=True),
    Layout("пустая строка в ячейке", blank_line_in_cell=True),
    Layout("разделы строками с номером", merged_sections=False),
    Layout("преамбула о других уровнях", preamble=OTHER_LEVELS_PREAMBLE),
    Layout("две таблицы", two_tables=True),
]
SPREADSHEET_ONLY = [
    Layout("скрытый столбец", hidden_column=True),
    Layout("несколько листов", extra_sheet=True),
]


def link_for(index: int) -> str:
    return f"https://edu.example.ru/news/{index}"


def _cell(item, name: str, index: int, layout: Layout) -> str:
    if name == "links":
        return link_for(index)
    value = {
        "number": item.source_number,
        "description": item.description,
        "period": item.period_text,
        "indicator": item.indicator,
        "responsible": item.responsible_text,
    }[name]
    if layout.blank_line_in_cell and name in ("description", "indicator") and "\n" in value:
        value = value.replace("\n", "\n\n", 1)  # пустая строка между абзацами ячейку не делит
    return value


def table_rows(draft: MapDraft, layout: Layout) -> list[dict]:
    """Строки таблицы: {'cells': [...], 'merged': bool, 'header': bool}."""
    header = [layout.headers[name] if layout.headers else "" for name in layout.order]
    rows: list[dict] = []
    if layout.headers:
        rows.append({"cells": header, "merged": False, "header": True})
    index = 0
    for section in draft.sections:
        if section.title:
            title = f"{section.source_number}. {section.title}" if section.source_number else section.title
            if layout.merged_sections:
                cells = [title] + [""] * (len(layout.order) - 1)
                rows.append({"cells": cells, "merged": True, "header": False})
            else:
                values = {
                    "number": section.source_number or "",
                    "description": section.title,
                    "period": section.period_text,
                    "indicator": section.note,
                    "responsible": "",
                    "links": "",
                }
                rows.append(
                    {"cells": [values[name] for name in layout.order], "merged": False, "header": False}
                )
        for item in section.items:
            index += 1
            cells = [_cell(item, name, index, layout) for name in layout.order]
            if layout.split_rows and index % 5 == 2 and " " in item.indicator and "\n" not in item.indicator:
                column = layout.order.index("indicator")
                head, tail = item.indicator.rsplit(" ", 1)
                if tail[:1].islower():
                    cells[column] = head
                    rows.append({"cells": cells, "merged": False, "header": False})
                    rows.append(
                        {
                            "cells": ["" if i != column else tail for i in range(len(cells))],
                            "merged": False,
                            "header": False,
                        }
                    )
                    continue
            rows.append({"cells": cells, "merged": False, "header": False})
            if layout.repeat_header_every and layout.headers and index % layout.repeat_header_every == 0:
                rows.append({"cells": header, "merged": False, "header": True})
    return rows


def title_lines(draft: MapDraft, layout: Layout) -> list[str]:
    return [*layout.preamble, draft.title]


APPROVAL_TABLE = [["Согласовано", "Утверждено"], ["Начальник отдела", "Руководитель"]]


# --- Word -----------------------------------------------------------------------------------------


def build_docx(draft: MapDraft, layout: Layout) -> bytes:
    import docx

    document = docx.Document()
    if layout.two_tables:
        small = document.add_table(rows=2, cols=2)
        for r, values in enumerate(APPROVAL_TABLE):
            for c, value in enumerate(values):
                small.cell(r, c).text = value
    for line in title_lines(draft, layout):
        document.add_paragraph(line)
    rows = table_rows(draft, layout)
    table = document.add_table(rows=0, cols=len(layout.order))
    for row in rows:
        cells = table.add_row().cells
        if row["merged"]:
            merged = cells[0].merge(cells[-1])
            merged.text = row["cells"][0]
            continue
        for cell, value in zip(cells, row["cells"], strict=True):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    document.add_paragraph("1 Далее — Проект 500+")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Excel ----------------------------------------------------------------------------------------


def build_xlsx(draft: MapDraft, layout: Layout) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    if layout.extra_sheet:
        sheet.title = "Пояснения"
        sheet["A1"] = "Дорожная карта — на следующем листе"
        sheet = book.create_sheet("Карта")
    row_number = 1
    offset = 2 if layout.hidden_column else 1
    for line in title_lines(draft, layout):
        sheet.cell(row=row_number, column=offset, value=line)
        row_number += 1
    for row in table_rows(draft, layout):
        if layout.hidden_column:
            sheet.cell(row=row_number, column=1, value="служебное")
        for index, value in enumerate(row["cells"]):
            if value:
                sheet.cell(row=row_number, column=offset + index, value=value)
        if row["merged"]:
            sheet.merge_cells(
                start_row=row_number,
                start_column=offset,
                end_row=row_number,
                end_column=offset + len(row["cells"]) - 1,
            )
        row_number += 1
    if layout.hidden_column:
        sheet.column_dimensions["A"].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- LibreOffice ----------------------------------------------------------------------------------


def _odf_cell(value: str, span: int = 1):
    from odf.table import TableCell
    from odf.text import P

    cell = (
        TableCell(valuetype="string", numbercolumnsspanned=span)
        if span > 1
        else TableCell(valuetype="string")
    )
    for line in value.split("\n") if value else []:
        cell.addElement(P(text=line))
    return cell


def _odf_table(name: str, rows: list[dict], width: int, *, hidden_first: bool = False):
    from odf.table import CoveredTableCell, Table, TableColumn, TableRow

    table = Table(name=name)
    if hidden_first:
        table.addElement(TableColumn(visibility="collapse"))
    table.addElement(TableColumn(numbercolumnsrepeated=width))
    for row in rows:
        tr = TableRow()
        if hidden_first:
            tr.addElement(_odf_cell("служебное"))
        if row["merged"]:
            tr.addElement(_odf_cell(row["cells"][0], span=width))
            for _ in range(width - 1):
                tr.addElement(CoveredTableCell())
        else:
            for value in row["cells"]:
                tr.addElement(_odf_cell(value))
        table.addElement(tr)
    return table


def build_odt(draft: MapDraft, layout: Layout) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    if layout.two_tables:
        approval = [{"cells": cells, "merged": False} for cells in APPROVAL_TABLE]
        document.text.addElement(_odf_table("Согласование", approval, 2))
    for line in title_lines(draft, layout):
        document.text.addElement(P(text=line))
    document.text.addElement(_odf_table("Карта", table_rows(draft, layout), len(layout.order)))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def build_ods(draft: MapDraft, layout: Layout) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    if layout.extra_sheet:
        document.spreadsheet.addElement(
            _odf_table("Пояснения", [{"cells": ["см. лист Карта"], "merged": False}], 1)
        )
    rows = [
        {"cells": [line] + [""] * (len(layout.order) - 1), "merged": False}
        for line in title_lines(draft, layout)
    ]
    rows += table_rows(draft, layout)
    document.spreadsheet.addElement(
        _odf_table("Карта", rows, len(layout.order), hidden_first=layout.hidden_column)
    )
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


# --- Текст ----------------------------------------------------------------------------------------


def build_text(draft: MapDraft, layout: Layout, *, delimiter: str = "\t", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in title_lines(draft, layout):
        writer.writerow([line])
    for row in table_rows(draft, layout):
        writer.writerow(row["cells"])
    return out.getvalue().encode(encoding, errors="replace")


BUILDERS = {
    "docx": build_docx,
    "xlsx": build_xlsx,
    "odt": build_odt,
    "ods": build_ods,
    "txt": lambda draft, layout: build_text(draft, layout),
    "csv": lambda draft, layout: build_text(draft, layout, delimiter=";", encoding="cp1251"),
}
