"""Excel (.xlsx) → сетка. Книга открывается только на чтение (openpyxl ``read_only``: память не растёт
с размером листа); объединения и скрытые столбцы режим только-чтения не отдаёт — их берём потоковым
проходом по XML листа. Лист выбирает человек (по умолчанию — первый лист с таблицей)."""

from __future__ import annotations

import datetime
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from roadmaps.importers.drafts import ImportFormatError
from roadmaps.importers.grid import MAX_COLUMNS, MAX_ROWS, TOO_MANY_ROWS, Grid, Row, Table, clip

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


def _ref(ref: str) -> tuple[int, int]:
    match = _REF.fullmatch(ref.replace("$", ""))
    if not match:
        raise ValueError(ref)
    return int(match.group(2)), column_index(match.group(1))


def _sheet_layout(archive: zipfile.ZipFile, path: str) -> tuple[set[int], list[tuple[int, int, int, int]]]:
    """Скрытые столбцы (номера с 1) и объединения (строка1, столбец1, строка2, столбец2) листа."""
    hidden: set[int] = set()
    merges: list[tuple[int, int, int, int]] = []
    with archive.open(path.lstrip("/")) as stream:
        for _event, element in ET.iterparse(stream, events=("end",)):
            if element.tag == f"{S}col" and element.get("hidden") in ("1", "true"):
                low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                hidden.update(range(low, min(high, MAX_COLUMNS) + 1))
            elif element.tag == f"{S}mergeCell" and ":" in element.get("ref", ""):
                try:
                    first, last = (_ref(part) for part in element.get("ref").split(":"))
                except ValueError:
                    continue
                merges.append((first[0], first[1], last[0], last[1]))
            elif element.tag == f"{S}row":
                element.clear()  # строки читает openpyxl; здесь они только занимали бы память
    return hidden, merges


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%d.%m.%Y}" if value.time() == datetime.time() else f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return clip("\n".join(line.strip() for line in text.split("\n") if line.strip()))


def read_xlsx(data: bytes, name: str, *, sheet: int | None = None) -> Grid:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFormatError(f"Файл «{name}» не удаётся открыть как книгу Excel (.xlsx).") from exc
    try:
        sheets = book.worksheets
        if not sheets:
            raise ImportFormatError(f"В книге «{name}» нет листов.")
        grid = Grid(tables=[], source_name=name, format_label="Excel (.xlsx)", sheet_names=book.sheetnames)
        indices = [sheet] if sheet is not None else range(len(sheets))
        if sheet is not None and not 0 <= sheet < len(sheets):
            raise ImportFormatError(f"В книге «{name}» нет листа № {sheet + 1} (листов {len(sheets)}).")
        archive = zipfile.ZipFile(io.BytesIO(data))
        for index in indices:
            table = _sheet_table(sheets[index], archive, grid)
            table.sheet = index
            if table.rows:  # без выбора читаем все листы: конвейер возьмёт лист с дорожной картой
                grid.tables.append(table)
        return grid
    finally:
        book.close()


def _sheet_table(worksheet, archive: zipfile.ZipFile, grid: Grid) -> Table:
    path = getattr(worksheet, "_worksheet_path", "")
    hidden, merges = _sheet_layout(archive, path) if path else (set(), [])
    merged_value: dict[tuple[int, int], tuple[int, int]] = {}  # ячейка → верхняя левая ячейка объединения
    across: dict[int, int] = {}  # строка → ширина горизонтального объединения, начатого в ней
    for top, left, bottom, right in merges:
        if (bottom - top + 1) * (right - left + 1) > 50_000:
            continue
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left):
                    merged_value[(row, column)] = (top, left)
        if top == bottom:
            across[top] = max(across.get(top, 0), right - left + 1)

    raw: dict[int, dict[int, str]] = {}
    for row in worksheet.iter_rows():
        for cell in row:
            column = getattr(cell, "column", None)
            if column is None or column > MAX_COLUMNS:
                continue
            text = _text(cell.value)
            if text:
                raw.setdefault(cell.row, {})[column] = text
        if len(raw) > MAX_ROWS:
            raise ImportFormatError(
                f"На листе «{worksheet.title}» больше {TOO_MANY_ROWS} — это не дорожная карта."
            )
    if hidden:
        letters = ", ".join(
            _letters(column) for column in sorted(hidden) if any(column in r for r in raw.values())
        )
        if letters:
            grid.warnings.append((0, f"Скрытые столбцы листа «{worksheet.title}» ({letters}) не читаются."))
    columns = sorted({column for cells in raw.values() for column in cells} - hidden)
    if not columns:
        return Table(rows=[], name=worksheet.title)
    rows: list[Row] = []
    for row_number in range(min(raw), max(raw) + 1):
        cells = []
        for column in columns:
            text = raw.get(row_number, {}).get(column, "")
            origin = merged_value.get((row_number, column))
            if origin and origin[0] != row_number:  # объединение по вертикали: текст — в каждой строке
                text = raw.get(origin[0], {}).get(origin[1], "")
            cells.append(text)
        if not any(cells):
            continue
        filled = [cell for cell in cells if cell]
        merged_across = len(filled) == 1 and across.get(row_number, 0) >= max(2, len(columns) - 1)
        rows.append(Row(cells=cells, source_row=row_number, merged_across=merged_across))
    return Table(rows=rows, name=worksheet.title)


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
