"""Строки таблицы → разделы и мероприятия.

- строка из одной ячейки на всю ширину — раздел («1. Организационное сопровождение»);
- в таблице с номерами «1.1, 1.2…» строка с номером «1» — тоже раздел (у него бывают срок и примечание);
- повтор заголовка на новой странице и строка номеров столбцов «1 2 3 4» пропускаются;
- строка без номера и без описания (или с описанием со строчной буквы) — продолжение предыдущей
  строки, перенесённой на следующую страницу: её ячейки дописываются в те же столбцы;
- абзацы внутри ячейки остаются внутри ячейки; номера пунктов — как написаны, даже с опечаткой.
"""

from __future__ import annotations

import re

from config.echo import echo
from roadmaps.importers.cells import (
    fold,
    normalise_number,
    number_depth,
    one_line,
    split_numbered,
)
from roadmaps.importers.columns import DESCRIPTION, INDICATOR, LINKS, NUMBER, PERIOD, RESPONSIBLE, ColumnGuess
from roadmaps.importers.drafts import ItemDraft, MapDraft, RowWarning, SectionDraft
from roadmaps.importers.grid import Row
from roadmaps.importers.links import keep_http_links
from roadmaps.periods import PeriodKind, parse_period

_SEPARATOR = re.compile(r"^\s*[-–—:|=]*\s*$")
MAX_NUMBER = 20  # длина номера в базе


def _values(row: Row, columns: list[ColumnGuess]) -> dict[str, str]:
    values: dict[str, str] = {}
    for guess in columns:
        if not guess.field or guess.index >= len(row.cells):
            continue
        text = row.cells[guess.index].strip()
        if text:
            values[guess.field] = f"{values[guess.field]}\n{text}" if guess.field in values else text
    return values


def _is_column_numbers(row: Row) -> bool:
    filled = row.filled()
    return (
        len(filled) >= 2
        and all(re.fullmatch(r"\d{1,2}", cell.strip()) for cell in filled)
        and [int(cell) for cell in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled)))
    )


_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{1,3})*[.,]?")  # «1.3», «4,1.», и опечатка «331» вместо «31»


def _number(text: str) -> str:
    compact = re.sub(r"\s+", "", text)
    return normalise_number(compact) if _NUMBER.fullmatch(compact) else ""


def _hierarchical(rows: list[Row], columns: list[ColumnGuess]) -> bool:
    numbers = []
    for row in rows:
        values = _values(row, columns)
        number = _number(values.get(NUMBER, ""))
        if not number and (split := split_numbered(values.get(DESCRIPTION, ""))):
            number = split[0]
        if number:
            numbers.append(number_depth(number))
    return bool(numbers) and sum(depth >= 2 for depth in numbers) * 2 >= len(numbers)


def assemble(rows: list[Row], columns: list[ColumnGuess], header: list[str] | None, draft: MapDraft) -> None:
    header_key = [fold(one_line(cell)) for cell in header] if header else None
    hierarchical = _hierarchical(rows, columns)
    last_item: ItemDraft | None = None
    for row in rows:
        filled = row.filled()
        if not filled or all(_SEPARATOR.match(cell) for cell in row.cells):
            continue
        if header_key and [fold(one_line(cell)) for cell in row.cells] == header_key:
            continue  # заголовок, повторённый на новой странице
        if _is_column_numbers(row):
            continue
        values = _values(row, columns)
        spanning_text = len(filled) == 1 and set(values) <= {NUMBER} and not _number(values.get(NUMBER, ""))
        if row.merged_across or spanning_text:
            text = one_line(filled[0])
            number, title = split_numbered(text) or ("", text)
            period_text = one_line(values.get(PERIOD, "")) if row.merged_across and len(filled) > 1 else ""
            if not period_text:  # «Подготовительный этап (Январь-март 2021)» — срок раздела в скобках
                title, period_text = split_title_period(title, year=draft.year)
            draft.sections.append(
                SectionDraft(
                    title=title,
                    source_number=number[:MAX_NUMBER],
                    source_row=row.source_row,
                    period_text=period_text,
                    note=values.get(INDICATOR, "") if len(filled) > 1 else "",
                )
            )
            last_item = None
            continue

        number_cell = values.get(NUMBER, "")
        number = _number(number_cell)
        description = values.get(DESCRIPTION, "")
        if not number and description and (split := split_numbered(description)) and NUMBER not in values:
            number, description = split
        if number_cell and not number:
            draft.row_warnings.append(
                RowWarning(row.source_row, f"в столбце номера не номер: «{one_line(number_cell)[:40]}»")
            )
            description = f"{number_cell}\n{description}".strip() if description else number_cell

        continuation = not number and (not description or description[:1].islower())
        if continuation and last_item is not None:
            _extend(last_item, values, description)
            continue
        if hierarchical and number and number_depth(number) == 1:
            draft.sections.append(
                SectionDraft(
                    title=one_line(description),
                    source_number=number,
                    source_row=row.source_row,
                    period_text=one_line(values.get(PERIOD, "")),
                    note=values.get(INDICATOR, ""),
                )
            )
            last_item = None
            continue
        if not description:
            shown = echo("; ".join(one_line(cell)[:40] for cell in filled[:5]))
            draft.row_warnings.append(
                RowWarning(row.source_row, f"нет описания мероприятия — строка пропущена: «{shown}»")
            )
            continue
        if len(number) > MAX_NUMBER:
            draft.row_warnings.append(
                RowWarning(row.source_row, f"номер «{number}» слишком длинный — не сохранён")
            )
            number = ""
        last_item = ItemDraft(
            source_number=number,
            description=description,
            period_text=one_line(values.get(PERIOD, "")),
            indicator=values.get(INDICATOR, ""),
            responsible_text=one_line(values.get(RESPONSIBLE, "")),
            links=values.get(LINKS, ""),
            source_row=row.source_row,
        )
        draft.current_section().items.append(last_item)
    keep_http_links(draft)  # ссылки — только http(s), прочий текст столбца — в описание


def _extend(item: ItemDraft, values: dict[str, str], description: str) -> None:
    if description:
        item.description = f"{item.description} {description}"
    if values.get(PERIOD):
        item.period_text = one_line(f"{item.period_text} {values[PERIOD]}")
    if values.get(INDICATOR):
        item.indicator = f"{item.indicator} {values[INDICATOR]}".strip()
    if values.get(RESPONSIBLE):
        item.responsible_text = one_line(f"{item.responsible_text} {values[RESPONSIBLE]}")
    if values.get(LINKS):
        item.links = f"{item.links}\n{values[LINKS]}".strip()


def numbering_problems(draft: MapDraft) -> list[tuple[int, str]]:
    """Номер, который не следует за предыдущим: «после 1.3 идёт 1.5», «после 30 идёт 331»."""
    problems = []
    previous: list[int] | None = None
    for item in draft.items:
        if not item.source_number:
            continue
        try:
            parts = [int(part) for part in item.source_number.split(".") if part]
        except ValueError:
            continue
        if previous is not None and parts and not _follows(previous, parts):
            problems.append(
                (
                    item.source_row,
                    f"после {'.'.join(map(str, previous))} идёт {item.source_number}",
                )
            )
        previous = parts
    return problems


def _follows(previous: list[int], parts: list[int]) -> bool:
    if len(parts) == len(previous):
        if parts[:-1] == previous[:-1]:
            return parts[-1] == previous[-1] + 1
        return len(parts) >= 2 and parts[-1] == 1 and parts[0] == previous[0] + 1
    return parts[-1] == 1 or (len(parts) < len(previous) and parts[-1] == previous[len(parts) - 1] + 1)


_TRAILING_BRACKETS = re.compile(r"^(?P<title>.+?)\s*\((?P<period>[^()]{3,60})\)$")
# Только то, что читается как срок календаря: «(январь–март 2021)», «(до 01.04.2021)», а не «(ДО, ИРО)».
_SECTION_PERIOD_KINDS = {
    PeriodKind.DATE,
    PeriodKind.UNTIL,
    PeriodKind.RANGE,
    PeriodKind.MONTH,
    PeriodKind.YEAR,
    PeriodKind.QUARTER,
}


def split_title_period(title: str, *, year: int | None) -> tuple[str, str]:
    """Срок раздела, дописанный в скобках после названия (так пишет и наша выгрузка в Word), —
    отдельно от названия. Скобки, которые сроком не читаются, остаются в названии."""
    match = _TRAILING_BRACKETS.match(title)
    if match is None:
        return title, ""
    period = match["period"].strip()
    parsed = parse_period(period, year or 2000)
    if parsed.kind not in _SECTION_PERIOD_KINDS:
        return title, ""
    return match["title"].strip(), period
