"""Домашняя страница: блок на каждую роль человека — сводка области, входящие, кто отстаёт."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

import access as scoping
from accounts.models import Role, RoleMembership, User
from home import inbox
from roadmaps.models import RoadMap
from schools.models import CuratorAssignment, Municipality, Participation, Region, School


@dataclass
class HomeSection:
    """Один блок домашней страницы — одна роль человека со своей областью."""

    role: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


def _region_summary(region_ids, year: int) -> QuerySet[Region]:
    in_year = Q(municipalities__schools__participations__year=year)
    with_curator = Q(municipalities__schools__curator_assignments__year=year)
    return (
        Region.objects.filter(pk__in=region_ids)
        .annotate(
            municipality_count=Count("municipalities", distinct=True),
            school_count=Count("municipalities__schools", filter=in_year, distinct=True),
            with_curator_count=Count("municipalities__schools", filter=with_curator, distinct=True),
        )
        .order_by("name")
    )


def _schools_with_curator(qs: QuerySet[School], year: int) -> QuerySet[School]:
    return (
        qs.select_related("municipality")
        .annotate(in_programme=Exists(Participation.objects.filter(school=OuterRef("pk"), year=year)))
        .prefetch_related(
            Prefetch(
                "curator_assignments",
                queryset=CuratorAssignment.objects.filter(year=year).select_related("curator"),
                to_attr="year_assignments",
            )
        )
        .order_by("short_name")
    )


def home_sections(*, user: User) -> list[HomeSection]:
    year = scoping.current_year()
    today = timezone.localdate()
    scope = scoping.scope_of(user)
    sections: list[HomeSection] = []
    if scope.is_federal:
        sections.append(
            HomeSection(
                Role.FEDERAL_STAFF,
                "Все регионы программы",
                "accounts/home/federal.html",
                {
                    "regions": _region_summary(Region.objects.values("pk"), year),
                    "behind": inbox.furthest_behind(
                        maps=RoadMap.objects.filter(year=year), group="region", today=today
                    ),
                },
            )
        )
    memberships = (
        RoleMembership.objects.filter(user=user, is_active=True)
        .exclude(role=Role.FEDERAL_STAFF)
        .select_related("region", "municipality", "school")
        .order_by("role")
    )
    for membership in memberships:
        role = membership.role
        if role in (Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR):
            region = _region_summary([membership.region_id], year).first()
            municipalities = (
                Municipality.objects.filter(region_id=membership.region_id)
                .annotate(
                    school_count=Count(
                        "schools", filter=Q(schools__participations__year=year), distinct=True
                    ),
                    with_curator_count=Count(
                        "schools", filter=Q(schools__curator_assignments__year=year), distinct=True
                    ),
                )
                .order_by("name")
            )
            sections.append(
                HomeSection(
                    role,
                    f"{membership.get_role_display()} — {membership.region}",
                    "accounts/home/region.html",
                    {
                        "region": region,
                        "municipalities": municipalities,
                        "is_coordinator": role == Role.REGIONAL_COORDINATOR,
                        "inbox": inbox.regional_inbox(
                            region_id=membership.region_id, year=year, today=membership.region.local_today()
                        )
                        if role == Role.REGIONAL_COORDINATOR
                        else [],
                        "behind": inbox.furthest_behind(
                            maps=RoadMap.objects.filter(year=year, region_id=membership.region_id),
                            group="municipality",
                            today=membership.region.local_today(),
                        )
                        if role == Role.REGIONAL_STAFF
                        else [],
                    },
                )
            )
        elif role == Role.MUNICIPAL_COORDINATOR:
            schools = _schools_with_curator(
                School.objects.filter(municipality_id=membership.municipality_id), year
            )
            sections.append(
                HomeSection(
                    role,
                    f"Муниципальный координатор — {membership.municipality}",
                    "accounts/home/municipality.html",
                    {
                        "municipality": membership.municipality,
                        "schools": schools,
                        **inbox.municipal_inbox(
                            municipality_id=membership.municipality_id,
                            year=year,
                            today=membership.region.local_today(),
                        ),
                    },
                )
            )
        elif role == Role.CURATOR:
            schools = _schools_with_curator(
                School.objects.filter(
                    curator_assignments__curator=user,
                    curator_assignments__year=year,
                    municipality__region_id=membership.region_id,
                ),
                year,
            )
            sections.append(
                HomeSection(
                    role,
                    f"Куратор — {membership.region}",
                    "accounts/home/curator.html",
                    {
                        "schools": schools,
                        "inbox": inbox.curator_inbox(
                            user=user,
                            region_id=membership.region_id,
                            year=year,
                            today=membership.region.local_today(),
                        ),
                        "progress": inbox.school_progress(schools, year),
                    },
                )
            )
        elif role == Role.SCHOOL_TEAM:
            sections.append(
                HomeSection(
                    role,
                    f"Команда школы — {membership.school}",
                    "accounts/home/school.html",
                    {
                        "school": membership.school,
                        "steps": inbox.school_checklist(school=membership.school, year=year),
                    },
                )
            )
    return sections
