"""Содержание сводки: строки напоминаний по видам — номер и описание мероприятия, срок, карта, ссылка.

Строки собираются в момент отправки: что успели выполнить или удалить после подбора напоминаний,
в письмо уже не попадает. Номера мероприятий («1.3») — по тому же правилу, что на странице карты
(roadmaps.selectors.map_rows), но для всех нужных карт сразу, двумя запросами.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.urls import reverse

from config.plural import ru_plural
from notifications.models import PERSONAL_KINDS, Notification, Reminder, ReminderKind
from notifications.reminders import SUBMITTED_STATUSES
from roadmaps.models import Item, RoadMap, Section
from roadmaps.selectors import OPEN_STATUSES

DESCRIPTION_LIMIT = 160
NOT_STARTED_LABEL = "карта не начата"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def item_numbers(roadmap_ids: Iterable[int]) -> dict[int, str]:
    """Номера мероприятий нескольких карт: сначала мероприятия без раздела (1, 2…), затем разделы
    со сквозной нумерацией верхнего уровня и их мероприятия (3.1, 3.2…)."""
    roadmap_ids = list(roadmap_ids)
    section_order: dict[int, list[int]] = defaultdict(list)
    for section_id, roadmap_id in (
        Section.objects.filter(roadmap_id__in=roadmap_ids)
        .order_by("position", "pk")
        .values_list("id", "roadmap_id")
    ):
        section_order[roadmap_id].append(section_id)
    loose: dict[int, list[int]] = defaultdict(list)
    in_section: dict[int, list[int]] = defaultdict(list)
    for item_id, roadmap_id, section_id in (
        Item.objects.filter(roadmap_id__in=roadmap_ids)
        .order_by("position", "pk")
        .values_list("id", "roadmap_id", "section_id")
    ):
        (in_section[section_id] if section_id else loose[roadmap_id]).append(item_id)
    numbers: dict[int, str] = {}
    for roadmap_id in roadmap_ids:
        top = 0
        for item_id in loose[roadmap_id]:
            top += 1
            numbers[item_id] = str(top)
        for section_id in section_order[roadmap_id]:
            top += 1
            for index, item_id in enumerate(in_section[section_id], start=1):
                numbers[item_id] = f"{top}.{index}"
    return numbers


def map_label(roadmap: RoadMap) -> str:
    return f"{roadmap.get_level_display()} карта «{roadmap.owner}», {roadmap.year}"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str) -> str:
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first if len(first) <= DESCRIPTION_LIMIT else first[: DESCRIPTION_LIMIT - 1].rstrip() + "…"


@dataclass
class Line:
    """Строка сводки: одно мероприятие или один муниципалитет."""

    reminder: Reminder
    title: str
    details: str
    path: str

    @property
    def url(self) -> str:
        return absolute_url(self.path)


def _item_line(reminder: Reminder, numbers: dict[int, str]) -> Line | None:
    item = reminder.item
    if item is None or item.status not in OPEN_STATUSES:
        return None  # удалено или уже выполнено — напоминать не о чем
    number = numbers.get(item.pk, "")
    end = f"{item.period_end:%d.%m.%Y}" if item.period_end else ""
    details = f"Срок: {item.period_text or end}"
    due = reminder.due_date
    if item.period_checkpoints and due and due != item.period_end:  # «март, октябрь»: о первой точке
        details += f" (контрольный срок {due:%d.%m.%Y} — работа должна начаться)"
    elif end and end not in item.period_text:  # «Январь-март 2026» — покажем и разобранную дату окончания
        details += f" (окончание {end})"
    path = reverse("roadmaps:detail", kwargs={"roadmap_id": item.roadmap_id}) + f"#item-{item.pk}"
    return Line(
        reminder=reminder,
        title=f"{number}. {_short(item.description)}" if number else _short(item.description),
        details=f"{details}. {_capitalized(map_label(item.roadmap))}.",
        path=path,
    )


def _map_line(reminder: Reminder) -> Line | None:
    roadmap, municipality = reminder.roadmap, reminder.municipality
    if municipality is None or (roadmap is not None and roadmap.status in SUBMITTED_STATUSES):
        return None  # муниципалитет удалён или карту уже представили
    state = roadmap.get_status_display() if roadmap else NOT_STARTED_LABEL
    path = (
        reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}) if roadmap else reverse("roadmaps:list")
    )
    deadline = f"{reminder.due_date:%d.%m.%Y}" if reminder.due_date else "—"
    return Line(
        reminder=reminder,
        title=str(municipality),
        details=f"Срок представления: {deadline}. Состояние: {state}.",
        path=path,
    )


def _counted(number: int, one: str, few: str, many: str) -> str:
    return f"{number} {ru_plural(number, one, few, many)}"


@dataclass
class DigestContent:
    day: date
    personal: dict[str, list[Line]] = field(default_factory=dict)
    coordinator_overdue: list[Line] = field(default_factory=list)
    maps_not_submitted: list[Line] = field(default_factory=list)
    # События работы (notifications.events) за сутки: (уведомление, полный адрес) — в том же письме.
    events: list[tuple[Notification, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            sum(len(lines) for lines in self.personal.values())
            + len(self.coordinator_overdue)
            + len(self.maps_not_submitted)
        )

    @property
    def personal_sections(self) -> list[tuple[str, list[Line]]]:
        return [
            (ReminderKind(kind).label, self.personal[kind])
            for kind in PERSONAL_KINDS
            if self.personal.get(kind)
        ]

    @property
    def has_coordinator_part(self) -> bool:
        return bool(self.coordinator_overdue or self.maps_not_submitted)

    @property
    def subject(self) -> str:
        on_day = f"на {self.day:%d.%m.%Y}"
        events = _counted(len(self.events), "событие", "события", "событий")
        if not self.count:
            return f"События по вашей работе: {events} {on_day}"
        reminders = _counted(self.count, "напоминание", "напоминания", "напоминаний")
        if not self.events:
            return f"Сроки по дорожным картам: {reminders} {on_day}"
        return f"Сроки и события по дорожным картам: {reminders}, {events} {on_day}"


def lines_for(reminders: Iterable[Reminder]) -> list[Line]:
    """Строки для напоминаний, уже прочитанных с select_related (см. reminders_with_related)."""
    reminders = list(reminders)
    numbers = item_numbers({r.item.roadmap_id for r in reminders if r.item is not None})
    lines = []
    for reminder in reminders:
        line = (
            _map_line(reminder)
            if reminder.kind == ReminderKind.MAP_NOT_SUBMITTED
            else _item_line(reminder, numbers)
        )
        if line is not None:
            lines.append(line)
    return lines


def reminders_with_related(queryset):
    return queryset.select_related(
        "item__roadmap__region",
        "item__roadmap__municipality",
        "item__roadmap__school",
        "roadmap__region",
        "roadmap__municipality",
        "roadmap__school",
        "municipality",
    ).order_by("due_date", "item__roadmap_id", "item__position", "municipality__name", "pk")


def digest_content(*, day: date, reminders: Iterable[Reminder]) -> DigestContent:
    content = DigestContent(day=day)
    for line in lines_for(reminders):
        kind = line.reminder.kind
        if kind == ReminderKind.COORDINATOR_OVERDUE:
            content.coordinator_overdue.append(line)
        elif kind == ReminderKind.MAP_NOT_SUBMITTED:
            content.maps_not_submitted.append(line)
        else:
            content.personal.setdefault(kind, []).append(line)
    return content
