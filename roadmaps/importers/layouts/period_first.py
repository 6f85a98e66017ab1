"""Разметка «срок в первом столбце» (так устроена пермская карта 2021 года).

Каждая ячейка начинается со строки с табуляцией; строки без неё — продолжение ячейки, в том числе
после пустой строки (абзац внутри ячейки). Столбцы: срок, мероприятие, показатель. Номер приклеен
к тексту: «1.3.Установочное совещание…». Строка раздела устроена так же: «Январь-март 2021» /
«1.Подготовительный этап» / «Письмо ФИС ОКО…» — у раздела свой срок, а третья ячейка — примечание.

Границ строк в файле нет (пустые строки стоят где попало), поэтому строки восстанавливаются по
номерам: ячейка с номером — начало мероприятия, ячейка перед ней — его срок (если похожа на срок),
всё между мероприятием и сроком следующего — показатель (у раздела — примечание).
"""

from __future__ import annotations

import re

from roadmaps.importers.cells import (
    Cell,
    FreeLine,
    detect_level,
    detect_year,
    number_depth,
    one_line,
    split_numbered,
    tokenize,
)
from roadmaps.importers.drafts import ImportFormatError, ItemDraft, MapDraft, SectionDraft
from roadmaps.periods import PeriodKind, parse_period

LAYOUT_NAME = "по ячейке в строке, срок в первом столбце"
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")  # и опечатку «22.01.01.2021» считаем сроком
_OWNER_IN_PARENS = re.compile(r"^\(\s*(.+?)\s*\)$")


def looks_like_period(text: str) -> bool:
    text = one_line(text)
    return bool(_DOTTED_DATE.search(text)) or parse_period(text, 2000).kind != PeriodKind.UNPARSED


def _cells(lines: list[str]) -> tuple[list[str], list[Cell]]:
    tokens = tokenize(lines, blank_line_continues_cell=True)
    heading = [token.text for token in tokens if isinstance(token, FreeLine)]
    return heading, [token for token in tokens if isinstance(token, Cell)]


def _anchors(cells: list[Cell]) -> list[int]:
    return [index for index, cell in enumerate(cells) if split_numbered(cell.text())]


def recognises(lines: list[str]) -> bool:
    """Узнаём по содержимому: перед ячейками с номером стоят ячейки со сроком."""
    _, cells = _cells(lines)
    anchors = _anchors(cells)
    with_period = [index for index in anchors if index > 0 and looks_like_period(cells[index - 1].period())]
    return len(with_period) >= 3 and len(with_period) * 2 >= len(anchors)


def read(lines: list[str]) -> MapDraft:
    heading, cells = _cells(lines)
    anchors = _anchors(cells)
    if not anchors:
        raise ImportFormatError("В таблице не найдено ни одного пронумерованного мероприятия.")

    title_lines, owner_name = [], ""
    for line in heading:
        if match := _OWNER_IN_PARENS.match(line):
            owner_name = match.group(1)  # «( Пермский край)» под заголовком
        else:
            title_lines.append(line)
    title = one_line(" ".join(title_lines))
    draft = MapDraft(
        level=detect_level(title), year=None, title=title, owner_name=owner_name, layout=LAYOUT_NAME
    )

    period_of: dict[int, str] = {}  # номер ячейки-мероприятия → срок
    taken_as_period: set[int] = set()
    for position, index in enumerate(anchors):
        previous_anchor = anchors[position - 1] if position else -1
        candidate = index - 1
        if candidate > previous_anchor and looks_like_period(cells[candidate].period()):
            period_of[index] = cells[candidate].period()
            taken_as_period.add(candidate)
    first_row = anchors[0] - 1 if anchors[0] - 1 in taken_as_period else anchors[0]
    _check_header([cell.text() for cell in cells[:first_row]], draft)

    for position, index in enumerate(anchors):
        next_anchor = anchors[position + 1] if position + 1 < len(anchors) else len(cells)
        tail = [
            cells[i].text()
            for i in range(index + 1, next_anchor)
            if i not in taken_as_period and cells[i].text()
        ]
        number, text = split_numbered(cells[index].text())
        period = period_of.get(index, "")
        if number_depth(number) == 1:
            draft.sections.append(
                SectionDraft(
                    title=one_line(text), period_text=period, source_number=number, note="\n".join(tail)
                )
            )
        else:
            draft.current_section().items.append(
                ItemDraft(
                    source_number=number, description=text, period_text=period, indicator="\n".join(tail)
                )
            )
            if not period:
                draft.warnings.append(f"Мероприятие {number}: срок не найден.")

    draft.year = detect_year(title, fallback_date=None, period_texts=[i.period_text for i in draft.items])
    return draft


def _check_header(header_cells: list[str], draft: MapDraft) -> None:
    """Над таблицей — заголовки столбцов и строка их номеров «1 2 3»; всё прочее — под подозрением."""
    unexpected = [text for text in header_cells if text and not re.fullmatch(r"\d{1,2}", text)]
    if len(unexpected) > 3:
        draft.warnings.append(
            "Перед первым мероприятием больше трёх ячеек — пропущены: " + "; ".join(unexpected[3:])
        )
