"""Чтение справочника. Всё начинается с querysets из access — чужого здесь не бывает."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

import access as scoping
from accounts.models import Role, RoleMembership, User
from schools.models import CuratorAssignment, Municipality, Region, School, search_key


@dataclass(frozen=True)
class SchoolFilters:
    search: str = ""
    region_id: int | None = None
    municipality_id: int | None = None
    year: int | None = None
    curator: str = ""  # "", "assigned", "missing"


def _count_per_row(queryset: QuerySet, group: str) -> Coalesce:
    """Число строк queryset на строку списка — подзапросом: считается только для строк страницы, а счёт
    страниц (COUNT) идёт по одной таблице списка, без соединения со всеми школами."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def region_list(*, user: User, year: int) -> QuerySet[Region]:
    return (
        scoping.visible(user, Region)
        .annotate(
            municipality_count=_count_per_row(Municipality.objects.filter(region=OuterRef("pk")), "region"),
            school_count=_count_per_row(
                School.objects.filter(municipality__region=OuterRef("pk"), participations__year=year),
                "municipality__region",
            ),
        )
        .order_by("name")
    )


def municipality_list(
    *, user: User, year: int, search: str = "", region_id: int | None = None
) -> QuerySet[Municipality]:
    visible_schools = scoping.visible(user, School)
    qs = scoping.visible(user, Municipality).select_related("region")
    if search:
        qs = qs.filter(search_text__contains=search_key(search))
    if region_id:
        qs = qs.filter(region_id=region_id)
    year_schools = visible_schools.filter(municipality=OuterRef("pk"), participations__year=year)
    return qs.annotate(school_count=_count_per_row(year_schools, "municipality")).order_by(
        "region__name", "name"
    )


def _year_assignments(year: int) -> Prefetch:
    return Prefetch(
        "curator_assignments",
        queryset=CuratorAssignment.objects.filter(year=year).select_related("curator"),
        to_attr="year_assignments",
    )


def school_list(*, user: User, filters: SchoolFilters, year: int) -> QuerySet[School]:
    """Школы области с куратором выбранного (или текущего) года и годами участия —
    за постоянное число запросов."""
    curator_year = filters.year or year
    qs = scoping.visible(user, School).select_related("municipality__region")
    if filters.search:
        qs = qs.filter(search_text__contains=search_key(filters.search))
    if filters.region_id:
        qs = qs.filter(municipality__region_id=filters.region_id)
    if filters.municipality_id:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.year:
        qs = qs.filter(participations__year=filters.year)
    if filters.curator:
        has_curator = Exists(CuratorAssignment.objects.filter(school=OuterRef("pk"), year=curator_year))
        qs = qs.filter(has_curator) if filters.curator == "assigned" else qs.exclude(has_curator)
    return qs.prefetch_related("participations", _year_assignments(curator_year)).order_by(
        "municipality__name", "short_name"
    )


def school_card(*, user: User, school_id: int, year: int) -> School:
    qs = School.objects.select_related("municipality__region").prefetch_related(
        "participations",
        Prefetch(
            "curator_assignments",
            queryset=CuratorAssignment.objects.select_related("curator").order_by("-year"),
        ),
        Prefetch(
            "memberships",
            queryset=RoleMembership.objects.filter(role=Role.SCHOOL_TEAM, is_active=True).select_related(
                "user"
            ),
            to_attr="team",
        ),
    )
    return scoping.get_visible_or_404(user, School, school_id, queryset=qs)


def curators_of_region(*, region_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.CURATOR,
        memberships__region_id=region_id,
        memberships__is_active=True,
    ).distinct()


def year_choices(*, user: User) -> list[int]:
    from schools.models import Participation

    years = set(
        Participation.objects.filter(school__in=scoping.visible(user, School))
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(scoping.current_year())
    return sorted(years, reverse=True)
