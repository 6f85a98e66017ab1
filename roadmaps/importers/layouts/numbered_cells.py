"""Разметка «номер в первом столбце, по ячейке в строке» (так устроена мышкинская карта 2022 года).

Каждая ячейка начинается со строки с табуляцией, строки без неё сразу следом — её продолжение
(Word переносит по ширине столбца, даже номер: «1.» + «1» → «1.1»). Пустая строка отделяет строки
таблицы. Столбцы берутся из заголовка таблицы («№ п/п», «Описание действий», «Дата реализации»,
«…показатель…», «Ответственные»); после разрыва страницы заголовок повторяется — такой повтор
пропускается. Строка из одной ячейки — раздел («1. Организационное сопровождение проекта»).

Текст вне таблицы после пустой строки — это сноска («1 Далее - Проект 500+»: номер, пробел, текст)
или подпись следующей таблицы. Таблица «Состав рабочей группы» (№, ФИО, место работы, должность) —
не мероприятия: её строки идут в ``MapDraft.working_group``.
"""

from __future__ import annotations

import re

from roadmaps.importers.cells import (
    DESCRIPTION,
    INDICATOR,
    NUMBER,
    PERIOD,
    PERSON,
    POSITION,
    RESPONSIBLE,
    WORKPLACE,
    Cell,
    FreeLine,
    column_role,
    detect_level,
    detect_year,
    normalise_number,
    one_line,
    split_numbered,
    strip_footnote_marks,
    tokenize,
)
from roadmaps.importers.drafts import ImportFormatError, ItemDraft, MapDraft, SectionDraft, WorkingGroupMember

LAYOUT_NAME = "по ячейке в строке, номер в первом столбце"
DEFAULT_COLUMNS = [NUMBER, DESCRIPTION, PERIOD, INDICATOR]  # если заголовка таблицы нет
_FOOTNOTE = re.compile(r"^(\d{1,2})\s+(\S.*)$")
ROADMAP_TABLE, PEOPLE_TABLE = "roadmap", "people"


def _groups(tokens: list[Cell | FreeLine]) -> list[list[Cell] | FreeLine]:
    """Ячейки → строки таблицы: новая строка после пустой строки или текста вне таблицы."""
    groups: list[list[Cell] | FreeLine] = []
    for token in tokens:
        if isinstance(token, FreeLine):
            groups.append(token)
        elif token.blank_lines_before or not groups or isinstance(groups[-1], FreeLine):
            groups.append([token])
        else:
            groups[-1].append(token)
    return groups


def _is_header(row: list[Cell]) -> bool:
    return row[0].text().startswith("№")


def _columns(row: list[Cell]) -> list[str | None]:
    return [column_role(cell.period()) for cell in row]


def recognises(lines: list[str]) -> bool:
    """Узнаём по содержимому: есть заголовок таблицы «№ | … описание/мероприятие …»."""
    for group in _groups(tokenize(lines, blank_line_continues_cell=False)):
        if isinstance(group, list) and len(group) > 1 and _is_header(group):
            columns = _columns(group)
            if DESCRIPTION in columns and (PERIOD in columns or INDICATOR in columns):
                return True
    return False


def _value(cell: Cell, role: str | None) -> str:
    if role == NUMBER:
        return normalise_number(cell.compact())
    if role == PERIOD:
        return cell.period()
    return cell.text()


class _Reader:
    def __init__(self):
        self.draft = MapDraft(level=None, year=None, title="", layout=LAYOUT_NAME)
        self.title_lines: list[str] = []
        self.footnote_marks: list[str] = []
        self.table: str | None = None
        self.columns: list[str | None] = DEFAULT_COLUMNS
        self.seen_table = False
        self.caption: FreeLine | None = None

    def free_line(self, line: FreeLine) -> None:
        if not self.seen_table:
            self.title_lines.append(line.text)
        elif match := _FOOTNOTE.match(line.text):
            self.footnote_marks.append(match.group(1))
            self.draft.footnotes.append(line.text)
        else:
            self.flush_caption()
            self.table, self.caption = None, line  # подпись новой таблицы: чья она, скажет её заголовок

    def flush_caption(self) -> None:
        if self.caption is not None:
            self.draft.warnings.append(
                f"Строка {self.caption.line_no}: текст вне таблицы пропущен — «{self.caption.text}»."
            )
            self.caption = None

    def row(self, row: list[Cell]) -> None:
        self.seen_table = True
        if _is_header(row):
            columns = _columns(row)
            self.table = PEOPLE_TABLE if PERSON in columns else ROADMAP_TABLE
            if self.table == PEOPLE_TABLE and self.caption is not None:
                self.draft.working_group_title, self.caption = self.caption.text, None
            self.flush_caption()
            self.columns = columns  # повтор заголовка после разрыва страницы ничего не меняет
            return
        if self.table == PEOPLE_TABLE:
            self.person(row)
        elif len(row) == 1:
            self.section(row[0])
        else:
            self.item(row)

    def values(self, row: list[Cell]) -> dict[str, str]:
        if len(row) != len(self.columns):
            self.draft.warnings.append(
                f"Строка {row[0].line_no}: ячеек {len(row)}, а столбцов {len(self.columns)} — "
                "разобрано по порядку."
            )
        values: dict[str, str] = {}
        for index, cell in enumerate(row):
            role = self.columns[min(index, len(self.columns) - 1)]
            if role is None:
                continue
            text = _value(cell, role)
            values[role] = f"{values[role]} {text}".strip() if role in values else text
        return values

    def section(self, cell: Cell) -> None:
        text = cell.text()
        number, title = split_numbered(text) or ("", text)
        self.draft.sections.append(SectionDraft(title=one_line(title), source_number=number))

    def item(self, row: list[Cell]) -> None:
        values = self.values(row)
        if not values.get(DESCRIPTION):
            self.draft.warnings.append(f"Строка {row[0].line_no}: нет описания мероприятия — пропущена.")
            return
        self.draft.current_section().items.append(
            ItemDraft(
                source_number=values.get(NUMBER, ""),
                description=values[DESCRIPTION],
                period_text=values.get(PERIOD, ""),
                indicator=values.get(INDICATOR, ""),
                responsible_text=one_line(values.get(RESPONSIBLE, "")),
            )
        )

    def person(self, row: list[Cell]) -> None:
        values = self.values(row)
        if values.get(PERSON):
            self.draft.working_group.append(
                WorkingGroupMember(
                    number=values.get(NUMBER, ""),
                    name=values[PERSON],
                    workplace=values.get(WORKPLACE, ""),
                    position=values.get(POSITION, ""),
                )
            )


def read(lines: list[str]) -> MapDraft:
    reader = _Reader()
    for group in _groups(tokenize(lines, blank_line_continues_cell=False)):
        if isinstance(group, FreeLine):
            reader.free_line(group)
        else:
            reader.row(group)
    reader.flush_caption()
    draft = reader.draft
    if not draft.items:
        raise ImportFormatError("В таблице не найдено ни одного мероприятия.")
    draft.title = strip_footnote_marks(one_line(" ".join(reader.title_lines)), reader.footnote_marks)
    draft.level = detect_level(draft.title)
    draft.year = detect_year(
        draft.title, fallback_date=None, period_texts=[i.period_text for i in draft.items]
    )
    return draft
