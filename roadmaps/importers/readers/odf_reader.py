"""LibreOffice (.odt, .ods) → сетка через odfpy: таблицы текста или листы книги, абзацы между
таблицами, объединённые (covered) ячейки, повторы строк и столбцов, скрытые (collapsed) столбцы."""

from __future__ import annotations

import io

from roadmaps.importers.drafts import ImportFormatError
from roadmaps.importers.grid import MAX_COLUMNS, MAX_ROWS, TOO_MANY_ROWS, Grid, Row, Table, clip

TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _name(node) -> tuple[str, str] | None:
    return getattr(node, "qname", None)


def _text_of(node) -> str:
    """Текст абзаца: пробелы <text:s/>, табуляции и переносы <text:line-break/> учтены."""
    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(str(child.data))
            continue
        qname = _name(child)
        if qname == (TEXT_NS, "s") or qname == (TEXT_NS, "tab"):
            parts.append(" ")
        elif qname == (TEXT_NS, "line-break"):
            parts.append("\n")
        else:
            parts.append(_text_of(child))
    return "".join(parts)


def _cell_text(cell) -> str:
    lines: list[str] = []
    for child in cell.childNodes:
        qname = _name(child)
        if qname in ((TEXT_NS, "p"), (TEXT_NS, "h")):
            lines.extend(_text_of(child).split("\n"))
        elif qname == (TEXT_NS, "list"):
            for item in child.getElementsByType(_list_item()):
                lines.append("- " + " ".join(_text_of(item).split()))
        elif qname == (TABLE_NS, "table"):
            for row in child.getElementsByType(_table_row()):
                lines.append("; ".join(t for c in _cells(row) if (t := " ".join(_cell_text(c).split()))))
    return clip("\n".join(line.strip() for line in lines if line.strip()))


def _list_item():
    from odf.text import ListItem

    return ListItem


def _table_row():
    from odf.table import TableRow

    return TableRow


def _cells(row):
    return [
        c for c in row.childNodes if _name(c) in ((TABLE_NS, "table-cell"), (TABLE_NS, "covered-table-cell"))
    ]


def _int_attr(node, attr: str, default: int = 1) -> int:
    try:
        return int(node.attributes.get((TABLE_NS, attr), default))
    except (TypeError, ValueError):
        return default


def _rows_of(table_node):
    for child in table_node.childNodes:
        qname = _name(child)
        if qname == (TABLE_NS, "table-row"):
            yield child
        elif qname in (
            (TABLE_NS, "table-header-rows"),
            (TABLE_NS, "table-rows"),
            (TABLE_NS, "table-row-group"),
        ):
            yield from _rows_of(child)


def _hidden_columns(table_node) -> set[int]:
    hidden, position = set(), 0
    for child in table_node.getElementsByType(_table_column()):
        repeat = min(_int_attr(child, "number-columns-repeated"), MAX_COLUMNS)
        if child.attributes.get((TABLE_NS, "visibility")) in ("collapse", "collapsed", "filter"):
            hidden.update(range(position, position + repeat))
        position += repeat
    return hidden


def _table_column():
    from odf.table import TableColumn

    return TableColumn


def _table(table_node, name: str) -> Table:
    hidden = _hidden_columns(table_node)
    rows: list[Row] = []
    above: dict[int, str] = {}  # столбец → текст ячейки, объединённой по вертикали
    rows_left: dict[int, int] = {}  # столбец → сколько строк ниже ещё покрыто этим объединением
    source_row = 0
    for row_node in _rows_of(table_node):
        repeat = _int_attr(row_node, "number-rows-repeated")
        cells: list[str] = []
        spans = 0
        for cell in _cells(row_node):
            times = min(_int_attr(cell, "number-columns-repeated"), MAX_COLUMNS)
            covered = _name(cell) == (TABLE_NS, "covered-table-cell")
            for _ in range(times):
                column = len(cells)
                if covered:
                    if rows_left.get(column, 0) > 0:  # объединение по вертикали: текст — в каждой строке
                        rows_left[column] -= 1
                        cells.append(above.get(column, ""))
                    else:
                        cells.append("")
                    continue
                text = _cell_text(cell)
                span = min(_int_attr(cell, "number-columns-spanned"), MAX_COLUMNS)
                rows_left[column] = _int_attr(cell, "number-rows-spanned") - 1
                above[column] = text
                cells.append(text)
                cells.extend([""] * (span - 1))
                spans += 1
            if len(cells) >= MAX_COLUMNS:
                break
        visible = [text for index, text in enumerate(cells) if index not in hidden]
        if not any(visible):
            source_row += repeat  # повтор пустых строк (до конца листа) не разворачиваем
            continue
        for _ in range(min(repeat, MAX_ROWS)):
            source_row += 1
            rows.append(Row(cells=list(visible), source_row=source_row, merged_across=spans == 1))
        if len(rows) > MAX_ROWS:
            raise ImportFormatError(f"В таблице больше {TOO_MANY_ROWS} — это не похоже на дорожную карту.")
    width = max((len(row.cells) for row in rows), default=0)
    # Хвост пустых ячеек (повтор до конца листа) отрезаем по самой правой заполненной ячейке.
    used = max((i + 1 for row in rows for i, text in enumerate(row.cells) if text), default=0)
    for row in rows:
        row.cells = (row.cells + [""] * (width - len(row.cells)))[:used]
        row.merged_across = row.merged_across and len(row.filled()) == 1 and used > 2
    return Table(rows=rows, name=name)


def read_odf(data: bytes, name: str, *, spreadsheet: bool, sheet: int | None = None) -> Grid:
    from odf.opendocument import load
    from odf.table import Table as OdfTable

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:
        raise ImportFormatError(f"Файл «{name}» не удаётся открыть как документ LibreOffice.") from exc
    label = "LibreOffice Calc (.ods)" if spreadsheet else "LibreOffice Writer (.odt)"
    grid = Grid(tables=[], source_name=name, format_label=label)
    if spreadsheet:
        sheets = document.spreadsheet.getElementsByType(OdfTable)
        grid.sheet_names = [str(s.getAttribute("name") or f"Лист {i + 1}") for i, s in enumerate(sheets)]
        if sheet is not None and not 0 <= sheet < len(sheets):
            raise ImportFormatError(f"В книге «{name}» нет листа № {sheet + 1} (листов {len(sheets)}).")
        for index in [sheet] if sheet is not None else range(len(sheets)):
            table = _table(sheets[index], grid.sheet_names[index])
            table.sheet = index
            if table.rows:
                grid.tables.append(table)
        return grid
    paragraphs: list[str] = []
    for child in document.text.childNodes:
        qname = _name(child)
        if qname in ((TEXT_NS, "p"), (TEXT_NS, "h")):
            if text := " ".join(_text_of(child).split()):
                paragraphs.append(text)
        elif qname == (TABLE_NS, "table"):
            table = _table(child, f"таблица {len(grid.tables) + 1}")
            table.before, paragraphs = paragraphs, []
            grid.tables.append(table)
    grid.after = paragraphs
    return grid
