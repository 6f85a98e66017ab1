"""Разметка «строка таблицы — строка файла, в ячейках HTML» (так устроена владимирская карта 2021 года).

Сначала — текст утверждающего документа (markdown: «# РАСПОРЯЖЕНИЕ», ««22» марта 2021 г.», «№ 269»,
пункты распоряжения), затем заголовок таблицы «№ п/п<TAB>Описание действий<TAB>Дата реализации…»
и строки: номер, ячейки через табуляцию, в ячейках — <p>, <ul>/<li>. Ячейка, перелившаяся на
следующую страницу, продолжается строкой, которая начинается с табуляции: пустые ячейки слева
ставят продолжение в свой столбец («<TAB><TAB><TAB>координаторов. Загрузка формы…» — показатель).
Ячеек бывает больше, чем столбцов («До<TAB>ВРО» в «Ответственных»): лишние идут в последний столбец.
"""

from __future__ import annotations

import re

from roadmaps.importers.cells import (
    DESCRIPTION,
    INDICATOR,
    NUMBER,
    PERIOD,
    RESPONSIBLE,
    column_role,
    detect_level,
    detect_year,
    find_date,
    fold,
    html_to_text,
    is_number,
    join_wrapped,
    normalise_number,
    number_depth,
    one_line,
    split_numbered,
    squeeze,
)
from roadmaps.importers.drafts import REGIONAL, ImportFormatError, ItemDraft, MapDraft, SectionDraft

LAYOUT_NAME = "строка таблицы в строке файла, HTML в ячейках"
DEFAULT_COLUMNS = [NUMBER, DESCRIPTION, PERIOD, INDICATOR, RESPONSIBLE]
_ROW_START = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s*\t")
_SEPARATOR_CELL = re.compile(r"^\s*[-–—:|=]*\s*$")  # «--<TAB>--<TAB>--»: разделитель markdown-таблицы
_MARKDOWN = re.compile(r"^\s*#+\s*|^\s*[*_]+|[*_]+\s*$")
_DOCUMENT_KINDS = ("распоряжение", "приказ", "постановление", "решение")
_DOCUMENT_NUMBER = re.compile(r"№\s*([\w\-/]+)")
_DEADLINE = re.compile(r"(?:до|не позднее)\s+(\d{1,2}\.\d{1,2}\.\d{4})", re.IGNORECASE)
_SHORT = 60  # дата и номер документа стоят отдельными короткими строками, а не внутри пунктов


def recognises(lines: list[str]) -> bool:
    return sum(1 for line in lines if _ROW_START.match(line) and line.count("\t") >= 2) >= 3


def _header_index(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if "\t" in line and (line.lstrip().startswith("№") or _ROW_START.match(line)):
            return index
    raise ImportFormatError("Не найден заголовок таблицы мероприятий.")


def read(lines: list[str]) -> MapDraft:
    start = _header_index(lines)
    has_header = lines[start].lstrip().startswith("№")
    columns = [column_role(cell) for cell in lines[start].split("\t")] if has_header else DEFAULT_COLUMNS
    paragraphs = [text for line in lines[:start] if (text := squeeze(_MARKDOWN.sub("", line)))]

    draft = MapDraft(level=None, year=None, title=paragraphs[-1] if paragraphs else "", layout=LAYOUT_NAME)
    _read_order(paragraphs, draft)
    rows = _rows(lines, start + 1 if has_header else start, draft)
    for line_no, cells in rows:
        _add_row(line_no, cells, columns, draft)
    if not draft.items:
        raise ImportFormatError("В таблице не найдено ни одного мероприятия.")

    draft.level = detect_level(draft.title) or detect_level(" ".join(paragraphs[:12]))
    draft.year = detect_year(
        draft.title, fallback_date=draft.approval_date, period_texts=[i.period_text for i in draft.items]
    )
    if draft.level != REGIONAL:
        draft.municipal_deadline = None  # срок сдачи муниципальных карт ставит только региональная
    return draft


def _read_order(paragraphs: list[str], draft: MapDraft) -> None:
    """Утверждающий документ над таблицей: вид, номер, дата и срок сдачи муниципальных карт."""
    kind = next((fold(p) for p in paragraphs if fold(p) in _DOCUMENT_KINDS), "")
    short = [p for p in paragraphs if len(p) <= _SHORT]
    number = next((m.group(1) for p in short if (m := _DOCUMENT_NUMBER.search(p))), "")
    issued = next((d for p in short if (d := find_date(p))), None)
    if kind and number and issued:
        draft.approval_document = f"{kind} № {number} от {issued:%d.%m.%Y}"
        draft.approval_number, draft.approval_date = number, issued
    elif kind or number or issued:
        draft.warnings.append("Утверждающий документ над таблицей прочитан не полностью (вид, номер, дата).")
    for paragraph in paragraphs:
        key = fold(paragraph)
        about_municipal_maps = "муниципальн" in key and ("дорожн" in key or "план-график" in key)
        if about_municipal_maps and (match := _DEADLINE.search(paragraph)):
            draft.municipal_deadline = find_date(match.group(1))
            return


def _rows(lines: list[str], first: int, draft: MapDraft) -> list[tuple[int, list[str]]]:
    """Строки таблицы; строки-продолжения (первая ячейка пуста) дописаны в свои столбцы."""
    rows: list[tuple[int, list[str]]] = []
    for line_no, line in enumerate(lines[first:], start=first + 1):
        if not line.strip():
            continue
        raw_cells = line.rstrip("\r\n").split("\t")
        if all(_SEPARATOR_CELL.match(cell) for cell in raw_cells):
            continue
        cells = [html_to_text(cell) for cell in raw_cells]
        if cells[0] and (is_number(cells[0]) or split_numbered(cells[0])):
            rows.append((line_no, cells))
        elif not cells[0] and rows:
            previous = rows[-1][1]
            previous.extend([""] * (len(cells) - len(previous)))
            for index, text in enumerate(cells):
                if text:
                    previous[index] = join_wrapped([previous[index], text])
        else:
            draft.warnings.append(
                f"Строка {line_no} не похожа на строку таблицы — пропущена: «{one_line(line)[:80]}»."
            )
    return rows


def _add_row(line_no: int, cells: list[str], columns: list[str | None], draft: MapDraft) -> None:
    values: dict[str, str] = {}
    for index, text in enumerate(cells):
        role = columns[min(index, len(columns) - 1)]
        if role and text:
            values[role] = f"{values[role]} {text}" if role in values else text

    others = [text for text in cells[1:] if text]
    numbered = split_numbered(cells[0])
    if numbered and not others:  # «1. Подготовительный этап» во всю ширину таблицы
        number, title = numbered
        if number_depth(number) == 1:
            draft.sections.append(SectionDraft(title=one_line(title), source_number=number))
            return
    if not values.get(DESCRIPTION):
        draft.warnings.append(f"Строка {line_no}: нет описания мероприятия — пропущена.")
        return
    draft.current_section().items.append(
        ItemDraft(
            source_number=normalise_number(values.get(NUMBER, "")),
            description=values[DESCRIPTION],
            period_text=one_line(
                values.get(PERIOD, "")
            ),  # поле срока однострочное: абзацы <p> — через пробел
            indicator=values.get(INDICATOR, ""),
            responsible_text=one_line(values.get(RESPONSIBLE, "")),
        )
    )
