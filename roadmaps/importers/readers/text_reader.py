"""Текст (.txt, .csv) → сетка.

Два вида текстовых таблиц:
- строка таблицы — строка файла, ячейки через табуляцию или точку с запятой, в кавычках — с переводами
  строк внутри (так сохраняет Excel «Текст с разделителями табуляции» и CSV); кодировка UTF-8 или
  Windows-1251;
- «ячейка в строке» (таблица Word, скопированная как текст): каждая ячейка с новой строки после
  табуляции — её читают прежние разметки (``layouts/``), и их черновик становится сеткой.
"""

from __future__ import annotations

import csv
import io
import re

from roadmaps.importers.cells import html_to_text, squeeze
from roadmaps.importers.drafts import ImportFormatError, MapDraft
from roadmaps.importers.grid import MAX_COLUMNS, MAX_ROWS, TOO_MANY_ROWS, Grid, Row, Table, clip
from roadmaps.importers.text_tables import decode, read_text

LEGACY_HEADER = ["№ п/п", "Описание действий", "Сроки", "Показатель", "Ответственные"]
_MARKDOWN = re.compile(r"^\s*#+\s*|^\s*[*_]+|[*_]+\s*$")
_HTML = re.compile(r"<[a-zA-Z/][^<>]*>|&[a-z]+;|&#\d+;")
csv.field_size_limit(1_000_000)


def _cell_per_line(lines: list[str]) -> bool:
    """Таблица Word как текст: большинство строк с табуляцией — это одна ячейка после табуляции."""
    tabbed = [line for line in lines if "\t" in line]
    single = [line for line in tabbed if line.startswith("\t") and line.count("\t") == 1]
    return len(single) >= 5 and len(single) * 2 >= len(tabbed)


def read_text_file(data: bytes, name: str) -> Grid:
    text = decode(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if _cell_per_line(lines):
        try:
            return grid_from_draft(read_text(text, source_name=name), name)
        except ImportFormatError:
            pass  # не узнали разметку — попробуем как таблицу с разделителями
    return _delimited(text, name)


def _cell(text: str) -> str:
    text = html_to_text(text) if _HTML.search(text) else text
    lines = [squeeze(line) for line in text.replace("\r", "\n").split("\n")]
    return clip("\n".join(line for line in lines if line))


def _parse(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=False)
    rows, start = [], 1
    try:
        for fields in reader:
            rows.append((start, fields[:MAX_COLUMNS]))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS * 3:
                raise ImportFormatError(f"В файле больше {TOO_MANY_ROWS} — это не похоже на дорожную карту.")
    except csv.Error:
        return []
    return rows


def _delimited(text: str, name: str) -> Grid:
    best: list[tuple[int, list[str]]] = []
    candidates = ["\t", ";"] + ([","] if name.lower().endswith(".csv") else [])
    for delimiter in candidates:
        parsed = _parse(text, delimiter)
        score = sum(1 for _, fields in parsed if sum(1 for f in fields if f.strip()) >= 2)
        if score > sum(1 for _, fields in best if sum(1 for f in fields if f.strip()) >= 2):
            best = parsed
    if not best:
        raise ImportFormatError(
            f"В файле «{name}» не найдена таблица: ожидаются ячейки, разделённые табуляцией "
            "или точкой с запятой."
        )
    before: list[str] = []
    rows: list[Row] = []
    for line_no, fields in best:
        cells = [_cell(field) for field in fields]
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        rows.append(Row(cells=cells, source_row=line_no, merged_across=len(filled) == 1 and bool(cells[0])))
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        row.cells.extend([""] * (width - len(row.cells)))
    grid = Grid(
        tables=[Table(rows=rows, name="таблица", before=[b for b in before if b])],
        source_name=name,
        format_label="текст с разделителями",
    )
    return grid


def grid_from_draft(draft: MapDraft, name: str) -> Grid:
    """Черновик прежней текстовой разметки → сетка: заголовок «№ | Описание | Сроки | Показатель |
    Ответственные», разделы — строками с пометкой раздела, мероприятия — строками."""
    rows = [Row(cells=list(LEGACY_HEADER), source_row=1)]
    for section in draft.sections:
        if section.title:
            title = f"{section.source_number}. {section.title}" if section.source_number else section.title
            rows.append(
                Row(
                    cells=[title, "", section.period_text, section.note, ""],
                    source_row=len(rows) + 1,
                    merged_across=True,
                )
            )
        for item in section.items:
            rows.append(
                Row(
                    cells=[
                        item.source_number,
                        item.description,
                        item.period_text,
                        item.indicator,
                        item.responsible_text,
                    ],
                    source_row=len(rows) + 1,
                )
            )
    meta = {
        "title": draft.title,
        "level": draft.level,
        "year": draft.year,
        "approval_document": draft.approval_document,
        "approval_number": draft.approval_number,
        "approval_date": draft.approval_date,
        "municipal_deadline": draft.municipal_deadline,
        "owner_name": draft.owner_name,
        "layout": draft.layout,
        "footnotes": draft.footnotes,
        "working_group": draft.working_group,
        "working_group_title": draft.working_group_title,
    }
    grid = Grid(
        tables=[Table(rows=rows, name="таблица")],
        source_name=name,
        format_label=f"текст ({draft.layout})",
        meta=meta,
    )
    grid.warnings = [(0, warning) for warning in draft.warnings]
    return grid
