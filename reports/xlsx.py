"""Книги Excel для выгрузок: лист на таблицу, заголовок и дата формирования сверху, закреплённая шапка,
автофильтр, ширины столбцов, перенос текста, настоящие даты и числа, печать — альбомная по ширине листа.

Книга — openpyxl в режиме write-only (память не растёт с числом строк): он пишет книгу, стили,
свойства листа, закрепление, автофильтр, объединения и параметры печати. Строки же мы сериализуем сами
во временный файл (UTF-8) и при записи архива вставляем в XML листа потоком. Причина — скорость: обычный
``append`` write-only-листа тратит на ячейку ~30 мкс (объект ячейки, привязка типа, поиск стиля), и
150 000 мероприятий × 15 столбцов шли бы больше минуты; строка из готовых кусков XML — в 7 раз быстрее
(замер — docs/benchmarks.md, «Выгрузки»; команда benchmark_exports --compare-openpyxl), а повторяющиеся
ячейки (CellCache) собираются раз.
Побочная польза: строки всегда пишутся как текст (inlineStr), поэтому описание, начинающееся с «=»,
не превращается в формулу.
"""

from __future__ import annotations

import datetime
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO
from zipfile import ZIP64_LIMIT, ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from config.excel_cells import inline_string_xml
from reports.formats import local_naive, ru_datetime

# Виды столбцов: от вида зависят формат числа и выравнивание ячеек.
TEXT = "text"
INT = "int"
NUMBER = "number"
DATE = "date"
DATETIME = "datetime"
PERCENT = "percent"  # доля: в ячейке 0,455, показывается «45,5%»
CHANGE = "change"  # изменение доли в процентных пунктах
NUMBER_FORMATS = {
    INT: "0",
    NUMBER: "0.##",
    DATE: "DD.MM.YYYY",
    DATETIME: "DD.MM.YYYY HH:MM",
    PERCENT: "0.0%",
    CHANGE: "+0.0;-0.0;0.0",  # изменение доли в процентных пунктах
}
_EMPTY_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_THIN = Side(style="thin", color="A0A7B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # в символах, как в Excel
    kind: str = TEXT


# Номер строки в заготовках XML строк и ячеек ('<c r="B' + ROW + '" s="3"…'): строка собирается из
# готовых кусков и номер подставляется одним replace. Символ NUL в XML недопустим, и из текста ячеек
# его выбрасывает config/excel_cells.py (как и прочие управляющие), так что спутать его не с чем.
ROW = "\x00"
FLUSH_ROWS = 500  # строк XML копится в памяти перед записью во временный файл


def _string_cell(opening: str, value: str) -> str:
    if not value:
        return f"{opening}/>"
    return inline_string_xml(opening, value)


class CellCache(dict):
    """Заготовки ячеек одного столбца по значению — для значений, которые повторяются (даты, состояние,
    номер «1.3»): XML каждого считается раз, дальше — поиск в словаре. Держите такой кеш только для
    значений с небольшим числом различных (память растёт с ним)."""

    def __init__(self, sheet: Sheet, index: int):
        super().__init__()
        self._sheet, self._index = sheet, index

    def __missing__(self, value) -> str:
        xml = self[value] = self._sheet.cell(self._index, value)
        return xml


class ExcelBook:
    """Книга выгрузки. Листы создаются по порядку; ``save`` закрывает их и пишет книгу в поток."""

    def __init__(self, *, title: str, generated_at: datetime.datetime):
        self.workbook = Workbook(write_only=True)
        self.workbook.properties.title = title[:250]
        self.workbook.properties.creator = "Дорожная карта 500+"
        self.workbook.properties.created = local_naive(generated_at)
        self.title = title
        self.generated_at = generated_at
        self.sheets: list[Sheet] = []
        self._serials: dict[datetime.date, float] = {}  # даты повторяются: серийный номер считаем раз

    def sheet(self, name: str, *, title: str, columns: Sequence[Column], notes: Sequence[str] = ()) -> Sheet:
        sheet = Sheet(self, name, title=title, columns=columns, notes=notes)
        self.sheets.append(sheet)
        return sheet

    def save(self, out: BinaryIO) -> int:
        """Пишет книгу; возвращает число строк данных во всех листах."""
        for sheet in self.sheets:
            sheet.close()
        # То же, что Workbook.save, но со сжатием уровня 1: на национальной выгрузке (десятки МБ XML)
        # уровень 6 по умолчанию стоит секунд, а файл меньше всего на десятую часть.
        with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
            ExcelWriter(self.workbook, _SheetArchive(archive, self.sheets)).save()
        return sum(sheet.rows for sheet in self.sheets)

    def serial(self, value: datetime.date) -> float:
        try:
            return self._serials[value]
        except KeyError:
            serial = self._serials[value] = to_excel(value)
            return serial


class Sheet:
    """Лист с таблицей: строки 1–2 — название и дата формирования (и примечания), затем пустая строка
    и шапка. Шапка закреплена и повторяется на каждой печатной странице."""

    def __init__(
        self, book: ExcelBook, name: str, *, title: str, columns: Sequence[Column], notes: Sequence[str]
    ):
        self.book = book
        self.columns = list(columns)
        self.ws = book.workbook.create_sheet(_SHEET_NAME_UNSAFE.sub(" ", name)[:31].strip())
        self.letters = [get_column_letter(index) for index in range(1, len(self.columns) + 1)]
        self.last_letter = self.letters[-1]
        # Строки копятся во временном файле (не в памяти) — уже в UTF-8: при вставке в XML листа (close)
        # они копируются байтами, без второго декодирования и кодирования.
        self._buffer = tempfile.TemporaryFile()  # noqa: SIM115 — закрывается в close()
        self._pending: list[str] = []
        self._row = 0
        self.rows = 0  # строк данных
        self._styles = self._register_styles()
        # Начало ячейки столбца с номером строки-заготовкой и стилем: '<c r="B\x00" s="3"'.
        self._openings = [
            f'<c r="{letter}{ROW}" s="{self._styles[column.kind]}"'
            for letter, column in zip(self.letters, self.columns, strict=True)
        ]
        self._write_heading(title, notes)
        self._set_up_sheet()

    # --- оформление ---------------------------------------------------------------------------

    def _style(
        self,
        *,
        font: Font | None = None,
        number_format: str | None = None,
        wrap: bool = True,
        fill: str | None = None,
        border: bool = True,
        horizontal: str | None = None,
    ) -> int:
        """Регистрирует стиль в книге и возвращает его номер (атрибут s ячейки)."""
        cell = WriteOnlyCell(self.ws)
        cell.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=horizontal)
        if font is not None:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if border:
            cell.border = _BORDER
        return cell.style_id

    def _register_styles(self) -> dict[str, int]:
        styles = {
            kind: self._style(number_format=fmt, horizontal="right" if kind != DATE else "center")
            for kind, fmt in NUMBER_FORMATS.items()
        }
        styles[TEXT] = self._style()
        styles["title"] = self._style(font=Font(bold=True, size=14), wrap=False, border=False)
        styles["note"] = self._style(font=Font(italic=True, color="475467"), wrap=False, border=False)
        styles["header"] = self._style(font=Font(bold=True), fill="E4E9F2", horizontal="center")
        styles["section"] = self._style(font=Font(bold=True), fill="F2F4F7")
        return styles

    def _write_heading(self, title: str, notes: Sequence[str]) -> None:
        opening = '<c r="A' + ROW + '" s="{}"'
        self._raw_row([_string_cell(opening.format(self._styles["title"]), title)])
        for note in (f"Сформировано {ru_datetime(self.book.generated_at)}", *notes):
            self._raw_row([_string_cell(opening.format(self._styles["note"]), note)])
        self._raw_row([])
        self._raw_row(
            [
                _string_cell(f'<c r="{letter}{ROW}" s="{self._styles["header"]}"', column.header)
                for letter, column in zip(self.letters, self.columns, strict=True)
            ]
        )
        self.header_row = self._row

    def _set_up_sheet(self) -> None:
        ws = self.ws
        for letter, column in zip(self.letters, self.columns, strict=True):
            ws.column_dimensions[letter].width = column.width
        ws.freeze_panes = f"A{self.header_row + 1}"
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # по высоте — сколько понадобится страниц
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.oddFooter.right.text = "стр. &P из &N"

    # --- строки -------------------------------------------------------------------------------

    def _raw_row(self, cells: Iterable[str]) -> None:
        """Строка из готовых кусков XML ячеек (номер строки в них — заготовка ROW)."""
        self._row += 1
        self._pending.append(f'<row r="{ROW}">{"".join(cells)}</row>'.replace(ROW, str(self._row)))
        if len(self._pending) >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        self._buffer.write("".join(self._pending).encode())
        self._pending.clear()

    def cell(self, index: int, value) -> str:
        """XML ячейки столбца index без номера строки (заготовка для append_cells): значение None и "" —
        пустая ячейка со стилем столбца. Тип значения определяется по классу без цепочки isinstance."""
        opening = self._openings[index]
        kind = value.__class__
        if value is None or value == "":
            return f"{opening}/>"
        if kind is str:  # текст — всегда встроенной строкой (не формулой): config/excel_cells.py
            return inline_string_xml(opening, value)
        if kind is datetime.date:
            return f"{opening}><v>{self.book.serial(value)!r}</v></c>"
        if kind is int:
            return f"{opening}><v>{value}</v></c>"
        if kind is float:  # NaN и бесконечность Excel не примет — такой ячейки просто нет
            return f"{opening}><v>{value!r}</v></c>" if math.isfinite(value) else f"{opening}/>"
        if kind is bool:
            return f'{opening} t="b"><v>{int(value)}</v></c>'
        if kind is Decimal:
            return f"{opening}><v>{value:f}</v></c>"
        if kind is datetime.datetime:
            return f"{opening}><v>{to_excel(local_naive(value))!r}</v></c>"
        # прочее (ленивые строки перевода, Enum) — текстом
        return _string_cell(opening, str(value))

    def cached(self, index: int) -> CellCache:
        """Кеш заготовок ячеек столбца index по значению (см. CellCache)."""
        return CellCache(self, index)

    def append(self, values: Sequence) -> None:
        """Строка данных: значения по столбцам (None и "" — пустая ячейка)."""
        if len(values) != len(self._openings):
            raise ValueError(f"в строке {len(values)} значений, а столбцов {len(self._openings)}")
        cell = self.cell
        self.append_cells([cell(index, value) for index, value in enumerate(values)])

    def append_cells(self, cells: Sequence[str]) -> None:
        """Строка данных из готовых заготовок ячеек (cell, cached) — по одной на столбец, по порядку.
        Горячий путь больших выгрузок: повторяющиеся ячейки не пересчитываются."""
        self._raw_row(cells)
        self.rows += 1

    def section(self, number: str, text: str) -> None:
        """Строка раздела на всю ширину таблицы: номер в первом столбце, название — объединено до конца."""
        row = self._row + 1
        style = self._styles["section"]
        cells = [_string_cell(f'<c r="A{ROW}" s="{style}"', number)]
        cells.append(_string_cell(f'<c r="B{ROW}" s="{style}"', text))
        cells += [f'<c r="{letter}{ROW}" s="{style}"/>' for letter in self.letters[2:]]
        self._raw_row(cells)
        if len(self.letters) > 2:
            self.ws.merged_cells.add(f"B{row}:{self.last_letter}{row}")
        self.rows += 1

    def close(self) -> None:
        """Автофильтр на таблицу и закрытие листа openpyxl; строки встанут в его XML при записи архива."""
        if self.ws.closed:
            return
        self.ws.auto_filter.ref = f"A{self.header_row}:{self.last_letter}{max(self._row, self.header_row)}"
        self.ws.close()
        path = self.ws._writer.out  # пустой лист openpyxl: всё, кроме строк (несколько килобайт)
        with open(path, encoding="utf-8") as source:
            parts = _EMPTY_SHEET_DATA.split(source.read(), maxsplit=1)
        if len(parts) != 2:
            raise RuntimeError("openpyxl записал лист без пустого sheetData — формат изменился")
        self._flush()
        self._ends = (f"{parts[0]}<sheetData>".encode(), f"</sheetData>{parts[1]}".encode())

    def write_xml(self, archive: ZipFile, name: str) -> None:
        """XML листа в архив потоком: начало от openpyxl, строки из временного файла, конец."""
        before, after = self._ends
        size = len(before) + self._buffer.seek(0, os.SEEK_END) + len(after)
        self._buffer.seek(0)
        with archive.open(name, "w", force_zip64=size >= ZIP64_LIMIT) as target:
            target.write(before)
            shutil.copyfileobj(self._buffer, target, 1 << 20)
            target.write(after)
        self._buffer.close()


class _SheetArchive:
    """Архив книги для ExcelWriter. Лист openpyxl он кладёт в архив из файла (ZipFile.write); наши листы
    вместо этого пишутся потоком (Sheet.write_xml) — без промежуточной копии всех строк в файл openpyxl.
    Остальное — как в обычном ZipFile."""

    def __init__(self, archive: ZipFile, sheets: Sequence[Sheet]):
        self._archive = archive
        self._sheets = {sheet.ws._writer.out: sheet for sheet in sheets}

    def write(self, filename, arcname=None, *args, **kwargs):
        sheet = self._sheets.get(filename)
        if sheet is None:
            return self._archive.write(filename, arcname, *args, **kwargs)
        return sheet.write_xml(self._archive, arcname)

    def __getattr__(self, name):
        return getattr(self._archive, name)
