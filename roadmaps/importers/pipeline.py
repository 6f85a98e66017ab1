"""Конвейер импорта: файл → сетка (``readers``) → таблица дорожной карты (поиск среди нескольких,
текст перед ней — отдельно) → столбцы (``columns``) → разделы и мероприятия (``assemble``) →
черновик с заголовком, уровнем и причиной, годом, предупреждениями по строкам файла.

Чистый Python: база не нужна (организации региона для распознавания ответственных передаются
названиями). Запись черновика в базу — ``load.import_draft``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from config.plural import ROWS_GEN, TIMES, ru_count
from roadmaps.importers import assemble as assembly
from roadmaps.importers.cells import detect_year, fold, one_line, split_numbered, squeeze
from roadmaps.importers.columns import (
    BY_CONTENT,
    DESCRIPTION,
    FIELD_LABELS,
    PERIOD,
    SKIP,
    ColumnGuess,
    detect_columns,
    header_field,
    looks_like_period,
    period_of,
)
from roadmaps.importers.drafts import MUNICIPAL, REGIONAL, SCHOOL, ImportFormatError, MapDraft, RowWarning
from roadmaps.importers.grid import Grid, Row, Table
from roadmaps.importers.layouts.html_rows import _read_order
from roadmaps.importers.readers import read_file
from roadmaps.periods import PeriodKind

WARNED_SHARE = 0.2  # больше 20 % строк с предупреждениями — замена карты только с подтверждением
_TITLE_WORDS = ("дорожн", "план", "мероприят", "программ")
_MARKDOWN = re.compile(r"^\s*#+\s*|^\s*[*_]+|[*_]+\s*$")
_LEVEL_WORDS = (("муниципальн", MUNICIPAL), ("регионал", REGIONAL), ("школьн", SCHOOL))
LEVEL_LABELS = {REGIONAL: "региональная", MUNICIPAL: "муниципальная", SCHOOL: "школьная"}


def parse_path(path: str | Path, **options) -> MapDraft:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"Не удалось открыть файл «{path.name}»: {exc.strerror or exc}.") from exc
    return parse_file(data, path.name, **options)


def parse_file(
    data: bytes,
    name: str,
    *,
    level: str | None = None,
    year: int | None = None,
    sheet: int | None = None,
    mapping: dict[int, str] | None = None,
    organisation_names: list[str] = (),
    allow_conversion: bool = True,
) -> MapDraft:
    grid = read_file(data, name, sheet=sheet, allow_conversion=allow_conversion)
    return parse_grid(grid, level=level, year=year, mapping=mapping, organisation_names=organisation_names)


# --- Поиск таблицы -------------------------------------------------------------------------------


def _header_index(table: Table) -> int | None:
    """Строка заголовка: среди первых строк — та, где узнаются хотя бы два поля, и среди них описание
    или срок; строка из одной ячейки (подпись таблицы) заголовком не бывает."""
    for index, row in enumerate(table.rows[:60]):  # над таблицей бывает целый приказ
        filled = row.filled()
        if len(filled) < 2 or any(len(cell) > 100 for cell in filled):
            continue  # заголовки столбцов короткие; длинный текст — уже строка мероприятия
        fields = [header_field(cell) for cell in row.cells if cell.strip()]
        known = {field for field in fields if field is not None}
        recognised = sum(1 for field in fields if field is not None)
        if len(known) >= 2 and (DESCRIPTION in known or PERIOD in known) and recognised * 2 >= len(filled):
            return index
    return None


def _table_score(table: Table) -> int:
    header = _header_index(table)
    if header is not None and any(
        "фио" in fold(cell) or "ф.и.о" in fold(cell) for cell in table.rows[header].cells
    ):
        return -1  # «Состав рабочей группы»: люди, а не мероприятия
    body = table.rows[(header + 1) if header is not None else 0 :]
    rows = sum(1 for row in body if len(row.filled()) >= 2)
    return (1000 if header is not None else 0) + rows


def find_table(grid: Grid) -> tuple[int, Table, int | None]:
    scored = [(_table_score(table), index) for index, table in enumerate(grid.tables)]
    scored = [pair for pair in scored if pair[0] > 0 and pair[0] % 1000 > 0]
    if not scored:
        raise ImportFormatError(
            f"В файле «{grid.source_name}» не найдена таблица дорожной карты: нужна таблица со столбцами "
            "«Описание действий (мероприятие)», «Сроки», «Показатель», «Ответственные»."
        )
    _, index = max(scored, key=lambda pair: (pair[0], -pair[1]))
    table = grid.tables[index]
    return index, table, _header_index(table)


# --- Заголовок, уровень, год --------------------------------------------------------------------


def _paragraphs(grid: Grid, index: int, table: Table, header: int | None) -> list[str]:
    paragraphs = (
        [p for t in grid.tables[: index + 1] for p in t.before] if not table.before else list(table.before)
    )
    for row in table.rows[: header or 0]:  # строки над заголовком таблицы (подписи, «Приложение 1»)
        paragraphs.extend(one_line(cell) for cell in row.filled())
    return [text for p in paragraphs if (text := squeeze(_MARKDOWN.sub("", p)))]


def split_title(paragraphs: list[str]) -> tuple[str, str]:
    """Заголовок карты — последний абзац перед таблицей, похожий на название плана; остальное — преамбула
    (приказ, пункты распоряжения): её показывают отдельно и хранят как примечание карты."""
    candidates = [
        i for i, p in enumerate(paragraphs) if len(p) <= 500 and any(w in fold(p) for w in _TITLE_WORDS)
    ]
    if candidates:
        chosen = candidates[-1]
        # Заголовок часто разбит на две строки: «Муниципальная дорожная карта …» + «(на 2022 год)».
        title = paragraphs[chosen]
        rest = paragraphs[:chosen] + paragraphs[chosen + 1 :]
        if (
            chosen + 1 < len(paragraphs)
            and len(paragraphs[chosen + 1]) <= 80
            and len(title) + len(paragraphs[chosen + 1]) < 500
        ):
            title = f"{title} {paragraphs[chosen + 1]}"
            rest = paragraphs[:chosen] + paragraphs[chosen + 2 :]
        return title, "\n".join(rest)
    short = [i for i, p in enumerate(paragraphs) if len(p) <= 300]
    if short:
        chosen = short[-1]
        return paragraphs[chosen], "\n".join(paragraphs[:chosen] + paragraphs[chosen + 1 :])
    return "", "\n".join(paragraphs)


def guess_level(title: str, preamble: str) -> tuple[str | None, str]:
    key = fold(title)
    found = sorted((key.find(stem), level, stem) for stem, level in _LEVEL_WORDS if stem in key)
    if found:
        _, level, stem = found[0]
        return level, f"в заголовке есть слово «{stem}…»"
    counts = Counter()
    for stem, level in _LEVEL_WORDS:
        counts[level] = len(re.findall(rf"{stem}\w*\s+(?:дорожн|план|карт)", fold(preamble)))
    if counts and counts.most_common(1)[0][1] > 0:
        level, times = counts.most_common(1)[0]
        return (
            level,
            f"в тексте перед таблицей {ru_count(times, *TIMES)} сказано "
            f"«{LEVEL_LABELS[level]} дорожная карта/план»",
        )
    return None, "документ не называет уровень карты — выберите его"


# --- Сборка черновика ----------------------------------------------------------------------------


def _year_hint(grid: Grid, table: Table) -> int:
    years = Counter(
        int(y)
        for row in table.rows[:200]
        for cell in row.cells
        for y in re.findall(r"(?<!\d)(20[2-4]\d)(?!\d)", cell)
    )
    return years.most_common(1)[0][0] if years else date.today().year


def parse_grid(
    grid: Grid,
    *,
    level: str | None = None,
    year: int | None = None,
    mapping: dict[int, str] | None = None,
    organisation_names: list[str] = (),
) -> MapDraft:
    index, table, header_index = find_table(grid)
    if header_index is None:
        _lift_caption(table)
    header = table.rows[header_index].cells if header_index is not None else None
    body = table.rows[header_index + 1 :] if header_index is not None else table.rows
    width = table.width
    if header is not None:
        width = _fold_overflow(header, body)
    hint = year or grid.meta.get("year") or _year_hint(grid, table)
    content_rows = [row for row in body if not row.merged_across and len(row.filled()) >= 2]
    columns = detect_columns(
        header or [""] * width,
        [[row.cells[i] if i < len(row.cells) else "" for row in content_rows] for i in range(width)],
        year=hint,
        organisation_names=organisation_names,
        mapping=mapping,
    )
    draft = MapDraft(
        level=None, year=None, title="", format_label=grid.format_label, source_name=grid.source_name
    )
    draft.layout = grid.meta.get("layout") or grid.format_label
    draft.columns = columns
    draft.table_name = table.name
    draft.sheet_names, draft.sheet_index = grid.sheet_names, table.sheet
    draft.row_count = len(body)
    draft.row_warnings = [RowWarning(row, message) for row, message in grid.warnings]
    if not any(guess.field == DESCRIPTION for guess in columns):
        draft.flags.append(
            "Не найден столбец с описанием мероприятий — укажите его в сопоставлении столбцов."
        )
    else:
        assembly.assemble(body, columns, header, draft)

    _head(grid, index, table, header_index, draft, level=level, year=year)
    _check(draft, columns)
    return draft


def _lift_caption(table: Table) -> None:
    """Таблица без заголовка столбцов: строки из одной ячейки до первой строки с данными — подпись
    (заголовок карты, «Приложение 1»), а не разделы; раздел узнаётся по номеру («1. Подготовительный…»)."""
    while table.rows and len(table.rows[0].filled()) <= 1:
        text = one_line(table.rows[0].filled()[0]) if table.rows[0].filled() else ""
        if text and split_numbered(text):
            break
        table.before.append(text)
        table.rows.pop(0)


def _fold_overflow(header: list[str], body: list[Row]) -> int:
    """Ячеек в строке больше, чем столбцов с заголовком («До<TAB>ВРО» в «Ответственных»): лишние — в
    последний столбец с заголовком, через пробел."""
    last = max((i for i, cell in enumerate(header) if cell.strip()), default=len(header) - 1)
    for row in body:
        extra = [cell for cell in row.cells[last + 1 :] if cell.strip()]
        if extra and not row.merged_across:
            row.cells[last] = " ".join([row.cells[last], *extra]).strip()
        del row.cells[last + 1 :]
    del header[last + 1 :]
    return last + 1


def _head(
    grid: Grid, index: int, table: Table, header_index: int | None, draft: MapDraft, *, level, year
) -> None:
    meta = grid.meta
    paragraphs = _paragraphs(grid, index, table, header_index)
    if meta.get("title") is not None:  # прежняя текстовая разметка уже знает заголовок и приказ
        draft.title = meta["title"]
        draft.preamble = "\n".join(p for p in paragraphs if p != draft.title)
        for name in (
            "approval_document",
            "approval_number",
            "approval_date",
            "municipal_deadline",
            "owner_name",
            "footnotes",
            "working_group",
            "working_group_title",
        ):
            setattr(draft, name, meta[name])
    else:
        draft.title, draft.preamble = split_title(paragraphs)
        _read_order(paragraphs, draft)
    draft.footnotes = draft.footnotes or list(grid.after)
    guessed, reason = guess_level(draft.title, draft.preamble)
    if level:
        draft.level, draft.level_reason = level, "уровень указан при загрузке"
    else:
        draft.level, draft.level_reason = guessed, reason
    if draft.level != REGIONAL:
        draft.municipal_deadline = None
    draft.year = year or detect_year(
        draft.title, fallback_date=draft.approval_date, period_texts=[i.period_text for i in draft.items]
    )


def _check(draft: MapDraft, columns: list[ColumnGuess]) -> None:
    """Что человек должен увидеть: предупреждения по строкам и общие — наверху предпросмотра."""
    year = draft.year or date.today().year
    for item in draft.items:
        if not item.period_text:
            draft.row_warnings.append(
                RowWarning(item.source_row, f"п. {item.source_number or '—'}: срок не указан")
            )
        elif period_of(item.period_text, year).kind == PeriodKind.UNPARSED:
            draft.row_warnings.append(
                RowWarning(
                    item.source_row,
                    f"п. {item.source_number or '—'}: срок «{item.period_text[:60]}» не распознан",
                )
            )
    for row, message in assembly.numbering_problems(draft):
        draft.row_warnings.append(RowWarning(row, f"нумерация: {message}"))
        draft.numbering_problems.append(message)
    draft.row_warnings.sort(key=lambda warning: warning.row)

    for guess in columns:
        if guess.by == BY_CONTENT and guess.field and guess.field != SKIP:
            where = (
                f"«{one_line(guess.header)[:40]}»"
                if guess.header.strip()
                else f"№ {guess.index + 1} (без заголовка)"
            )
            draft.flags.append(
                f"Столбец {where} поставлен как «{FIELD_LABELS[guess.field]}» только по содержимому "
                "— проверьте."
            )
        if guess.field == PERIOD and guess.filled and guess.period_share < 0.5:
            draft.flags.append(
                "В столбце сроков читаются как срок только "
                f"{round(guess.period_share * guess.filled)} из {guess.filled} "
                "ячеек — проверьте, тот ли это столбец."
            )
    if not draft.items:
        draft.flags.append("В таблице не найдено ни одного мероприятия — причины по строкам ниже.")
    warned = {warning.row for warning in draft.row_warnings if warning.row}
    if draft.items and len(warned) > WARNED_SHARE * len(draft.items):
        draft.flags.append(
            f"Предупреждения есть у {ru_count(len(warned), *ROWS_GEN)} из {len(draft.items)} (больше 20 %)."
        )
    if draft.numbering_problems:
        draft.flags.append(
            "Нумерация обрывается или прыгает: " + "; ".join(draft.numbering_problems[:5]) + "."
        )
    if len(draft.title) > 500:
        draft.flags.append("Заголовок длиннее 500 знаков — сократите его.")


def column_samples(grid: Grid, count: int = 3) -> dict[int, list[str]]:
    """Первые значения каждого столбца таблицы карты — рядом с выпадающим списком в предпросмотре."""
    _, table, header = find_table(grid)
    body = [row for row in table.rows[(header + 1) if header is not None else 0 :] if len(row.filled()) >= 2]
    samples: dict[int, list[str]] = {}
    for index in range(table.width):
        values = [row.cells[index][:80] for row in body if index < len(row.cells)]
        values = [value for value in values if value.strip()]
        samples[index] = values[:count]
    return samples


def draft_to_dict(draft: MapDraft) -> dict:
    """Черновик → JSON (команда parse_roadmap и хранение между предпросмотром и записью)."""
    year = draft.year or date.today().year
    items = []
    for section in draft.sections:
        for item in section.items:
            period = period_of(item.period_text, year)
            items.append(
                {
                    "section": section.title,
                    "section_number": section.source_number,
                    "number": item.source_number,
                    "description": item.description,
                    "period_text": item.period_text,
                    "period_start": period.start.isoformat() if period.start else None,
                    "period_end": period.end.isoformat() if period.end else None,
                    "period_kind": str(period.kind.value),
                    "responsible_text": item.responsible_text,
                    "indicator": item.indicator,
                    "links": item.links,
                    "row": item.source_row,
                }
            )
    return {
        "title": draft.title,
        "preamble": draft.preamble,
        "level": draft.level,
        "level_reason": draft.level_reason,
        "year": draft.year,
        "columns": {
            (one_line(guess.header) or f"столбец {guess.index + 1}"): (guess.field or None)
            for guess in draft.columns
        },
        "items": items,
        "warnings": [{"row": w.row, "message": w.message} for w in draft.row_warnings],
        "flags": draft.flags,
        "approval_document": draft.approval_document,
        "format": draft.format_label,
        "sheets": draft.sheet_names,
    }


__all__ = [
    "Row",
    "draft_to_dict",
    "find_table",
    "guess_level",
    "looks_like_period",
    "parse_file",
    "parse_grid",
    "parse_path",
]
