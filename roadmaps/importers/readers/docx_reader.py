"""Word (.docx) → сетка: все таблицы документа по порядку, абзацы между ними, объединённые ячейки
(по горизонтали — текст в первой, строка из одной ячейки на всю ширину — раздел; по вертикали —
текст повторяется в каждой строке), вложенные таблицы — строками внутри ячейки."""

from __future__ import annotations

import io

from roadmaps.importers.drafts import ImportFormatError
from roadmaps.importers.grid import MAX_COLUMNS, MAX_ROWS, TOO_MANY_ROWS, Grid, Row, Table, clip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc) -> str:
    """Абзацы ячейки — строками; пустые абзацы (пустая строка в ячейке) не делят ячейку на две."""
    lines: list[str] = []
    for child in tc:
        if child.tag == f"{W}p":
            lines.extend(_paragraph_text(child).split("\n"))
        elif child.tag == f"{W}tbl":  # вложенная таблица: строка — через «; »
            for tr in child.iter(f"{W}tr"):
                cells = [" ".join(_cell_text(inner).split()) for inner in tr.findall(f"{W}tc")]
                if any(cells):
                    lines.append("; ".join(cell for cell in cells if cell))
        elif child.tag == f"{W}sdt":
            lines.append(
                _cell_text(
                    child.find(f"{W}sdtContent") if child.find(f"{W}sdtContent") is not None else child
                )
            )
    return clip("\n".join(line.strip() for line in lines if line.strip()))


def _grid_span(tc) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    try:
        return max(1, min(int(span.get(f"{W}val")), MAX_COLUMNS)) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _vmerge(tc) -> str | None:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    if merge is None:
        return None
    return merge.get(f"{W}val") or "continue"


def _table(tbl, name: str) -> Table:
    rows: list[Row] = []
    above: dict[int, str] = {}  # столбец → текст ячейки сверху (для объединения по вертикали)
    for index, tr in enumerate(tbl.findall(f"{W}tr"), start=1):
        if len(rows) >= MAX_ROWS:
            raise ImportFormatError(f"В таблице больше {TOO_MANY_ROWS} — это не похоже на дорожную карту.")
        cells: list[str] = []
        spans = 0
        for tc in tr.findall(f"{W}tc"):
            span = _grid_span(tc)
            column = len(cells)
            text = above.get(column, "") if _vmerge(tc) == "continue" else _cell_text(tc)
            above[column] = text
            cells.append(text)
            cells.extend([""] * (span - 1))
            spans += 1
        if len(cells) > MAX_COLUMNS:
            cells = cells[:MAX_COLUMNS]
        rows.append(Row(cells=cells, source_row=index, merged_across=spans == 1 and len(cells) > 2))
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        if row.merged_across:
            row.merged_across = len(row.cells) >= width
        row.cells.extend([""] * (width - len(row.cells)))
    return Table(rows=rows, name=name)


def read_docx(data: bytes, name: str) -> Grid:
    import docx  # python-docx: грузим лениво — чтение текста обходится без него

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx бросает разное на битых файлах
        raise ImportFormatError(f"Файл «{name}» не удаётся открыть как документ Word (.docx).") from exc
    grid = Grid(tables=[], source_name=name, format_label="Word (.docx)")
    paragraphs: list[str] = []
    for child in document.element.body:
        if child.tag == f"{W}p":
            text = " ".join(_paragraph_text(child).split())
            if text:
                paragraphs.append(text)
        elif child.tag == f"{W}tbl":
            table = _table(child, f"таблица {len(grid.tables) + 1}")
            table.before, paragraphs = paragraphs, []
            grid.tables.append(table)
    grid.after = paragraphs
    return grid
