"""Объединённые ячейки: по вертикали текст повторяется в каждой строке (один ответственный на
несколько мероприятий), по горизонтали — раздел во всю ширину; вложенная таблица — строками ячейки."""

import io

import openpyxl

from roadmaps.importers.pipeline import parse_file

HEADER = ["№ п/п", "Мероприятия", "Сроки", "Показатель", "Ответственные"]
ROWS = [
    ["1.1", "Назначение координаторов", "январь 2021", "Назначены", "ЦОКО"],
    ["1.2", "Проведение совещания", "до 15.02.2021", "Проведено", ""],
    ["1.3", "Анализ анкет", "март 2021", "Справка", ""],
]


def test_docx_vertical_merge_repeats_the_responsible_and_nested_table_stays_in_its_cell():
    import docx

    document = docx.Document()
    document.add_paragraph("Дорожная карта региона на 2021 год")
    table = document.add_table(rows=1 + len(ROWS), cols=5)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for r, values in enumerate(ROWS, start=1):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 4).merge(table.cell(3, 4))  # «ЦОКО» отвечает за все три пункта
    nested = table.cell(2, 3).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "доля ОО", "100 %"
    out = io.BytesIO()
    document.save(out)
    draft = parse_file(out.getvalue(), "карта.docx")
    assert [item.responsible_text for item in draft.items] == ["ЦОКО", "ЦОКО", "ЦОКО"]
    assert draft.items[1].indicator == "Проведено\nдоля ОО; 100 %"


def test_xlsx_vertical_merge_and_formatted_numbers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Дорожная карта региона на 2021 год"])
    sheet.append(HEADER)
    for values in ROWS:
        sheet.append(values)
    sheet.merge_cells("E3:E5")
    out = io.BytesIO()
    book.save(out)
    draft = parse_file(out.getvalue(), "карта.xlsx")
    assert [item.responsible_text for item in draft.items] == ["ЦОКО", "ЦОКО", "ЦОКО"]
    assert [item.source_number for item in draft.items] == ["1.1", "1.2", "1.3"]
    assert draft.year == 2021
