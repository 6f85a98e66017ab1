"""Сверка региона в Excel: строки — пункты региональной карты, колонки — муниципалитеты."""

from __future__ import annotations

from typing import BinaryIO

from django.utils import timezone

from alignment.selectors import Alignment, Cell
from reports.xlsx import Column, ExcelBook

NO_MAP = "карта не заведена"
NO_ANSWER = "не отражено"


def cell_text(cell: Cell) -> str:
    if cell.roadmap is None:
        return NO_MAP
    if not cell.answers:
        hints = "; ".join(f"{a.item.source_number or ''} {a.item}".strip() for a in cell.suggestions)
        return f"{NO_ANSWER} (похоже: {hints})" if hints else NO_ANSWER
    return "\n".join(
        f"{(answer.item.source_number + ' ') if answer.item.source_number else ''}{answer.item} "
        f"[{answer.state_label}]"
        for answer in cell.answers
    )


def alignment_title(alignment: Alignment) -> str:
    return f"Сверка муниципальных карт с региональной: {alignment.region.name}, {alignment.year} год"


def write_alignment_xlsx(alignment: Alignment, out: BinaryIO) -> int:
    title = alignment_title(alignment)
    book = ExcelBook(title=title, generated_at=timezone.now())
    columns = [Column("№ п/п", 8), Column("Пункт региональной карты", 60), Column("Не отражён у", 12)]
    columns += [Column(m.name, 32) for m in alignment.municipalities]
    sheet = book.sheet(
        "Сверка",
        title=title,
        columns=columns,
        notes=[f"Незакрытых ячеек: {alignment.total_gaps}"],
    )
    for row in alignment.rows:
        sheet.append([row.number, row.item.description.strip(), row.gaps, *[cell_text(c) for c in row.cells]])
    return book.save(out)
