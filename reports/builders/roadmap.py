"""Дорожная карта в официальном виде: заголовок «План-график (дорожная карта) … на 2021 год»,
утверждающий документ, таблица «№ п/п | Описание действий | Сроки | Показатель | Ответственные |
Отметка о выполнении», разделы — строками на всю ширину. Строки и номера («1.3») — из
roadmaps.selectors.map_rows, как на странице карты: число запросов не зависит от числа мероприятий."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

from django.utils import timezone

from reports.builders.base import Built, Progress
from reports.formats import PDF, XLSX, ru_date
from reports.pdf import render_pdf
from reports.xlsx import DATE, NUMBER, Column, ExcelBook
from roadmaps.models import Item, ItemStatus, Level, RoadMap
from roadmaps.selectors import map_rows

LEVEL_ADJECTIVES = {
    Level.REGIONAL: "региональных",
    Level.MUNICIPAL: "муниципальных",
    Level.SCHOOL: "школьных",
}


def owner_label(roadmap: RoadMap) -> str:
    """Чья карта, как пишут в заголовке: «Владимирская область», «Мышкинский МР, Ярославская область»."""
    if roadmap.level == Level.SCHOOL:
        return f"{roadmap.school}, {roadmap.municipality}, {roadmap.region}"
    if roadmap.level == Level.MUNICIPAL:
        return f"{roadmap.municipality}, {roadmap.region}"
    return str(roadmap.region)


def roadmap_heading(roadmap: RoadMap) -> str:
    adjective = LEVEL_ADJECTIVES.get(roadmap.level, "")
    return (
        f"План-график (дорожная карта) {adjective} мероприятий по проекту 500+ "
        f"({owner_label(roadmap)}) на {roadmap.year} год"
    )


def responsible_text(written: str, names: list[str]) -> str:
    """Ответственные так, как написано в документе, и те, кого добавили в системе и кого там нет."""
    written = written.strip()
    folded = written.casefold()
    extra = [name for name in names if name and name.casefold() not in folded]
    return "; ".join(part for part in (written, *extra) if part)


def completion_mark(status_label: str, status: str, completed_on: datetime.date | None) -> str:
    if status == ItemStatus.DONE and completed_on:
        return f"{status_label} {ru_date(completed_on)}"
    return status_label


def target_text(item: Item) -> str:
    if not item.target_kind:
        return ""
    unit = " %" if item.target_kind == "share" else ""
    parts = [f"цель: {_number(item.target_value)}{unit}" if item.target_value is not None else ""]
    if item.actual_value is not None:
        parts.append(f"факт: {_number(item.actual_value)}{unit}")
    return "; ".join(part for part in parts if part)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@dataclass
class MapLine:
    """Строка выгрузки: раздел (is_section) или мероприятие с уже выведенным номером."""

    number: str
    text: str
    is_section: bool = False
    period_text: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    indicator: str = ""
    target: str = ""
    target_kind: str = ""
    target_value: Decimal | None = None
    actual_value: Decimal | None = None
    responsible: str = ""
    status: str = ""
    mark: str = ""
    completed_on: datetime.date | None = None
    comment: str = ""
    links: list[str] = field(default_factory=list)


def map_lines(roadmap: RoadMap) -> list[MapLine]:
    lines = []
    for row in map_rows(roadmap=roadmap).rows:
        if row.add_slot:
            continue
        if row.item is None:
            section = row.section
            lines.append(MapLine(row.number, section.title, is_section=True, period_text=section.period_text))
            continue
        item = row.item
        names = [o.short_name for o in item.responsible_organisations.all()]
        names += [u.short_name for u in item.responsible_users.all()]
        status_label = item.get_status_display()
        lines.append(
            MapLine(
                number=row.number,
                text=item.description.strip(),
                period_text=item.period_text.strip(),
                period_start=item.period_start,
                period_end=item.period_end,
                indicator=item.indicator.strip(),
                target=target_text(item),
                target_kind=item.get_target_kind_display() if item.target_kind else "",
                target_value=item.target_value,
                actual_value=item.actual_value,
                responsible=responsible_text(item.responsible_text, names),
                status=status_label,
                mark=completion_mark(status_label, item.status, item.completed_on),
                completed_on=item.completed_on,
                comment=item.status_comment.strip(),
                links=item.link_list,
            )
        )
    return lines


def _notes(roadmap: RoadMap) -> list[str]:
    notes = []
    if roadmap.approval_document:
        notes.append(f"Утверждена: {roadmap.approval_document}")
    notes.append(f"Состояние карты: {roadmap.get_status_display()}")
    if roadmap.title:
        notes.append(f"Название в системе: {roadmap.title}")
    return notes


EXCEL_COLUMNS = [
    Column("№ п/п", 8),
    Column("Описание действий", 60),
    Column("Сроки (как написано)", 22),
    Column("Начало", 12, DATE),
    Column("Окончание", 12, DATE),
    Column("Показатель", 40),
    Column("Вид цели", 14),
    Column("Цель", 10, NUMBER),
    Column("Факт", 10, NUMBER),
    Column("Ответственные", 30),
    Column("Отметка о выполнении", 18),
    Column("Дата выполнения", 13, DATE),
    Column("Комментарий об исполнении", 30),
]


def roadmap_for_export(roadmap_id: int) -> RoadMap:
    return RoadMap.objects.select_related("region", "municipality", "school").get(pk=roadmap_id)


def build_roadmap(*, roadmap_id: int, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    """Карта в PDF или Excel. Word собирает reports.builders.word (он сам берёт строки отсюда), выбор
    формата — в reports.kinds: так модули не импортируют друг друга по кругу."""
    roadmap = roadmap_for_export(roadmap_id)
    title = roadmap_heading(roadmap)
    lines = map_lines(roadmap)
    generated_at = timezone.now()
    if fmt == PDF:
        pages = render_pdf(
            template="reports/pdf/roadmap.html",
            out=out,
            context={
                "title": title,
                "roadmap": roadmap,
                "lines": lines,
                "notes": _notes(roadmap),
                "generated_at": generated_at,
                "items": sum(not line.is_section for line in lines),
            },
        )
        progress(len(lines), len(lines))
        return Built(title, PDF, len(lines), pages)
    book = ExcelBook(title=title, generated_at=generated_at)
    sheet = book.sheet("Дорожная карта", title=title, columns=EXCEL_COLUMNS, notes=_notes(roadmap))
    for done, line in enumerate(lines, start=1):
        if line.is_section:
            text = f"{line.text} ({line.period_text})" if line.period_text else line.text
            sheet.section(line.number, text)
        else:
            description = "\n".join([line.text, *line.links])
            sheet.append(
                [
                    # «10» — число, чтобы сортировалось после «2»; «1.3» остаётся текстом
                    int(line.number) if line.number.isdigit() else line.number,
                    description,
                    line.period_text,
                    line.period_start,
                    line.period_end,
                    line.indicator,
                    line.target_kind,
                    line.target_value,
                    line.actual_value,
                    line.responsible,
                    line.status,
                    line.completed_on,
                    line.comment,
                ]
            )
        if done % 500 == 0:
            progress(done, len(lines))
    rows = book.save(out)
    return Built(title, XLSX, rows)
