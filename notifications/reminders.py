"""Кого и о чём напомнить в регионе за его местный день.

Число запросов постоянное (около семи), сколько бы в регионе ни было карт, мероприятий и людей:
кандидаты читаются множествами, а «мероприятие → кому напомнить» собирается в памяти.

Правила:
- мероприятия всех карт региона (региональной, муниципальных, школьных) в работе или не начатые:
  срок через 7 дней, срок завтра, срок прошёл (не старше OVERDUE_HORIZON_DAYS — старые годы не
  поднимаем);
- напоминание получают ответственные люди мероприятия, а если их нет — владельцы карты:
  региональной — региональные координаторы, муниципальной — муниципальные координаторы
  муниципалитета, школьной — команда школы и куратор школы на год карты;
- региональные координаторы каждый день получают сводку просроченного по всему региону и список
  муниципалитетов, не представивших карту к сроку из региональной карты; муниципальные
  координаторы — просроченное в картах своего муниципалитета (муниципальной и школьных) и
  напоминание о собственной непредставленной карте.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Q

from accounts.models import Role, RoleMembership
from notifications.models import ReminderKind
from roadmaps.models import Item, ItemStatus, Level, MapStatus, RoadMap
from roadmaps.selectors import OPEN_STATUSES
from schools.models import CuratorAssignment, Municipality

DUE_SOON_DAYS = 7
# Просрочку старше года не напоминаем: при первом запуске не хотим поднимать карты прошлых лет.
OVERDUE_HORIZON_DAYS = 365
SUBMITTED_STATUSES = (MapStatus.SUBMITTED, MapStatus.APPROVED)


@dataclass(frozen=True)
class Candidate:
    """Напоминание, которое надо бы отправить; ключ решает, не было ли оно уже."""

    key: str
    kind: str
    user_id: int
    item_id: int | None = None
    roadmap_id: int | None = None
    municipality_id: int | None = None
    due_date: date | None = None


class ItemRow(NamedTuple):
    id: int
    period_end: date
    roadmap_id: int
    level: str
    municipality_id: int | None
    school_id: int | None
    year: int


@dataclass
class RegionPeople:
    """Координаторы, команды школ и кураторы региона — одним-двумя запросами."""

    regional_coordinators: set[int]
    municipal_coordinators: dict[int, set[int]]
    school_teams: dict[int, set[int]]
    curators: dict[tuple[int, int], set[int]]  # (школа, год) → кураторы

    @classmethod
    def load(cls, region_id: int) -> RegionPeople:
        people = cls(set(), defaultdict(set), defaultdict(set), defaultdict(set))
        memberships = RoleMembership.objects.filter(
            region_id=region_id,
            is_active=True,
            user__is_active=True,
            role__in=(Role.REGIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.SCHOOL_TEAM),
        ).values_list("role", "municipality_id", "school_id", "user_id")
        for role, municipality_id, school_id, user_id in memberships:
            if role == Role.REGIONAL_COORDINATOR:
                people.regional_coordinators.add(user_id)
            elif role == Role.MUNICIPAL_COORDINATOR:
                people.municipal_coordinators[municipality_id].add(user_id)
            else:
                people.school_teams[school_id].add(user_id)
        # Куратор без действующей роли куратора в регионе карту не видит — и напоминать ему незачем.
        assignments = CuratorAssignment.objects.filter(
            school__municipality__region_id=region_id,
            curator__is_active=True,
            curator__memberships__role=Role.CURATOR,
            curator__memberships__region_id=region_id,
            curator__memberships__is_active=True,
        ).values_list("school_id", "year", "curator_id")
        for school_id, year, curator_id in assignments:
            people.curators[(school_id, year)].add(curator_id)
        return people

    def owners_of(self, item: ItemRow) -> set[int]:
        if item.level == Level.REGIONAL:
            return self.regional_coordinators
        if item.level == Level.MUNICIPAL:
            return self.municipal_coordinators.get(item.municipality_id, set())
        return self.school_teams.get(item.school_id, set()) | self.curators.get(
            (item.school_id, item.year), set()
        )


def _items_to_remind(region_id: int, day: date) -> list[ItemRow]:
    """Открытые мероприятия, чей срок скоро, завтра или недавно прошёл. Срок из нескольких точек
    («март, октябрь 2026»): пока работа не начата, напоминаем о первой точке (к ней работа должна
    начаться — roadmaps.selectors.is_overdue), потом — о последней."""
    soon, tomorrow = day + timedelta(days=DUE_SOON_DAYS), day + timedelta(days=1)
    horizon = day - timedelta(days=OVERDUE_HORIZON_DAYS)

    def window(field: str) -> Q:
        return Q(**{f"{field}__in": (soon, tomorrow)}) | Q(**{f"{field}__lt": day, f"{field}__gte": horizon})

    rows = (
        Item.objects.filter(roadmap__region_id=region_id, status__in=OPEN_STATUSES)
        .filter(window("period_end") | (Q(status=ItemStatus.NOT_STARTED) & window("period_first_end")))
        .values_list(
            "id",
            "period_end",
            "roadmap_id",
            "roadmap__level",
            "roadmap__municipality_id",
            "roadmap__school_id",
            "roadmap__year",
            "period_first_end",
            "status",
        )
        .order_by("period_end", "id")
    )
    items = []
    for *row, first_end, status in rows:
        first_counts = status == ItemStatus.NOT_STARTED and first_end is not None and first_end < row[1]
        if first_counts and (first_end in (soon, tomorrow) or horizon <= first_end < day):
            row[1] = first_end  # напоминание — о первой контрольной точке
        elif not (row[1] in (soon, tomorrow) or horizon <= row[1] < day):
            continue
        items.append(ItemRow(*row))
    return sorted(items, key=lambda item: (item.period_end, item.id))


def _responsible_users(item_ids: list[int]) -> dict[int, set[int]]:
    through = Item.responsible_users.through
    pairs = through.objects.filter(item_id__in=item_ids, user__is_active=True).values_list(
        "item_id", "user_id"
    )
    by_item: dict[int, set[int]] = defaultdict(set)
    for item_id, user_id in pairs:
        by_item[item_id].add(user_id)
    return by_item


def _kind_of(item: ItemRow, day: date) -> str:
    if item.period_end < day:
        return ReminderKind.OVERDUE
    if item.period_end == day + timedelta(days=1):
        return ReminderKind.DUE_TOMORROW
    return ReminderKind.DUE_SOON


def personal_candidates(items: list[ItemRow], people: RegionPeople, day: date) -> list[Candidate]:
    """Ответственным (или владельцам карты) — о сроках их мероприятий. Срок в ключе: если его
    перенесут, о новом сроке напомним заново; о просрочке одного срока — один раз."""
    responsible = _responsible_users([item.id for item in items])
    candidates = []
    for item in items:
        kind = _kind_of(item, day)
        for user_id in sorted(responsible.get(item.id) or people.owners_of(item)):
            candidates.append(
                Candidate(
                    key=f"{kind}:item:{item.id}:user:{user_id}:{item.period_end.isoformat()}",
                    kind=kind,
                    user_id=user_id,
                    item_id=item.id,
                    roadmap_id=item.roadmap_id,
                    due_date=item.period_end,
                )
            )
    return candidates


def coordinator_overdue_candidates(items: list[ItemRow], people: RegionPeople, day: date) -> list[Candidate]:
    """Сводка просроченного для координаторов — каждый день, пока просрочка есть (ключ с днём)."""
    kind = ReminderKind.COORDINATOR_OVERDUE
    candidates = []
    for item in items:
        if item.period_end >= day:
            continue
        coordinators = set(people.regional_coordinators)
        if item.municipality_id is not None:
            coordinators |= people.municipal_coordinators.get(item.municipality_id, set())
        for user_id in sorted(coordinators):
            candidates.append(
                Candidate(
                    key=f"{kind}:{day.isoformat()}:user:{user_id}:item:{item.id}",
                    kind=kind,
                    user_id=user_id,
                    item_id=item.id,
                    roadmap_id=item.roadmap_id,
                    due_date=item.period_end,
                )
            )
    return candidates


def maps_not_submitted_candidates(region_id: int, people: RegionPeople, day: date) -> list[Candidate]:
    """Муниципалитеты, не представившие карту к сроку региональной карты (нет карты, черновик или
    возвращена): региональным координаторам — все, муниципальному — о его собственной карте."""
    horizon = day - timedelta(days=OVERDUE_HORIZON_DAYS)
    deadlines = dict(
        RoadMap.objects.filter(
            region_id=region_id,
            level=Level.REGIONAL,
            municipal_deadline__lt=day,
            municipal_deadline__gte=horizon,
        ).values_list("year", "municipal_deadline")
    )
    if not deadlines:
        return []
    maps = {
        (municipality_id, year): (roadmap_id, status)
        for municipality_id, year, roadmap_id, status in RoadMap.objects.filter(
            region_id=region_id, level=Level.MUNICIPAL, year__in=deadlines
        ).values_list("municipality_id", "year", "id", "status")
    }
    municipality_ids = (
        Municipality.objects.filter(region_id=region_id).order_by("name").values_list("id", flat=True)
    )
    kind = ReminderKind.MAP_NOT_SUBMITTED
    candidates = []
    for year, deadline in sorted(deadlines.items()):
        for municipality_id in municipality_ids:
            roadmap_id, status = maps.get((municipality_id, year), (None, None))
            if status in SUBMITTED_STATUSES:
                continue
            recipients = people.regional_coordinators | people.municipal_coordinators.get(
                municipality_id, set()
            )
            for user_id in sorted(recipients):
                candidates.append(
                    Candidate(
                        key=f"{kind}:{day.isoformat()}:user:{user_id}:municipality:{municipality_id}:{year}",
                        kind=kind,
                        user_id=user_id,
                        roadmap_id=roadmap_id,
                        municipality_id=municipality_id,
                        due_date=deadline,
                    )
                )
    return candidates


def reminder_candidates(*, region_id: int, day: date) -> list[Candidate]:
    """Все напоминания региона за местный день — без учёта уже отправленных (их отсеет ключ)."""
    items = _items_to_remind(region_id, day)
    people = RegionPeople.load(region_id)
    return [
        *personal_candidates(items, people, day),
        *coordinator_overdue_candidates(items, people, day),
        *maps_not_submitted_candidates(region_id, people, day),
    ]
