"""Правила доступа: дорожные карты. Часть пакета access (снаружи — один модуль)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.core import (
    Scope,
    current_year,
    register_visible,
    schools_visible,
    scope_of,
)
from accounts.models import User
from schools.models import (
    CuratorAssignment,
    Municipality,
    Region,
    School,
)

# --- Дорожные карты -----------------------------------------------------------------------------
# Импорт внутри функций: приложение roadmaps зависит от accounts, а не наоборот.


def roadmaps_visible(user: User) -> QuerySet:
    """Региональную карту читают все роли региона; муниципальную — регион, её муниципалитет и его школы
    с кураторами; школьную — регион, муниципалитет, куратор и команда школы. Министерство — всё в области."""
    from roadmaps.models import Level, RoadMap

    scope = scope_of(user)
    if scope.is_federal:
        return RoadMap.objects.all()
    if scope.user_id is None:
        return RoadMap.objects.none()
    schools = schools_visible(user)
    return RoadMap.objects.filter(
        Q(region_id__in=scope.region_ids)
        | Q(level=Level.REGIONAL, region_id__in=scope.member_region_ids)
        | Q(municipality_id__in=scope.municipality_ids)
        | Q(level=Level.MUNICIPAL, municipality_id__in=schools.values("municipality_id"))
        | Q(level=Level.SCHOOL, school_id__in=schools.values("pk"))
    )


def roadmap_sections_visible(user: User) -> QuerySet:
    from roadmaps.models import Section

    return Section.objects.filter(roadmap__in=roadmaps_visible(user))


def roadmap_items_visible(user: User) -> QuerySet:
    from roadmaps.models import Item

    return Item.objects.filter(roadmap__in=roadmaps_visible(user))


def roadmap_evidence_visible(user: User) -> QuerySet:
    from roadmaps.models import Evidence

    return Evidence.objects.filter(item__roadmap__in=roadmaps_visible(user))


def _is_current_curator(scope: Scope, school_id: int | None) -> bool:
    if school_id is None or not scope.curator_region_ids:
        return False
    return CuratorAssignment.objects.filter(
        curator_id=scope.user_id, school_id=school_id, year=current_year()
    ).exists()


def can_edit_roadmap(user: User, roadmap) -> bool:
    """Министерство только читает. Региональную карту правит региональный координатор; муниципальную —
    её муниципальный координатор, пока карта не отправлена и не утверждена; школьную — команда школы
    и её куратор, пока куратор её не утвердил."""
    from roadmaps.models import Level, MapStatus

    scope = scope_of(user)
    if scope.user_id is None:
        return False
    if roadmap.level == Level.REGIONAL:
        return roadmap.region_id in scope.coordinator_region_ids
    if roadmap.status in (MapStatus.SUBMITTED, MapStatus.APPROVED):
        return False
    if roadmap.level == Level.MUNICIPAL:
        return roadmap.municipality_id in scope.municipality_ids
    return roadmap.school_id in scope.school_ids or _is_current_curator(scope, roadmap.school_id)


def is_roadmap_owner(user: User, roadmap) -> bool:
    """Хозяин карты ведёт её исполнение весь год, в каком бы состоянии ни был план: региональную —
    региональный координатор, муниципальную — муниципальный координатор, школьную — команда школы и
    её куратор этого года. Министерство и сотрудники региона только читают."""
    from roadmaps.models import Level

    scope = scope_of(user)
    if scope.user_id is None:
        return False
    if roadmap.level == Level.REGIONAL:
        return roadmap.region_id in scope.coordinator_region_ids
    if roadmap.level == Level.MUNICIPAL:
        return roadmap.municipality_id in scope.municipality_ids
    return roadmap.school_id in scope.school_ids or _is_current_curator(scope, roadmap.school_id)


def _is_responsible_for(user: User, item) -> bool:
    cache = getattr(item, "_prefetched_objects_cache", {})
    if "responsible_users" in cache:  # строки карты уже подгружены — без лишнего запроса
        return any(person.pk == user.pk for person in cache["responsible_users"])
    return item.responsible_users.filter(pk=user.pk).exists()


def can_update_execution(user: User, item) -> bool:
    """Исполнение мероприятия (состояние, дата, комментарий, факт, подтверждения) открыто весь год —
    и после утверждения плана — хозяину карты и людям, ответственным за это мероприятие. План
    (описание, срок, показатель и цель, ответственные, порядок) правится только по can_edit_roadmap."""
    if scope_of(user).user_id is None:
        return False
    roadmap = item.roadmap
    if can_edit_roadmap(user, roadmap) or is_roadmap_owner(user, roadmap):
        return True
    return _is_responsible_for(user, item) and roadmaps_visible(user).filter(pk=roadmap.pk).exists()


def plan_closed_reason(roadmap) -> str:
    """Почему план нельзя менять — чтобы кнопки правки не пропадали молча."""
    from roadmaps.models import Level, MapStatus

    if roadmap.level == Level.REGIONAL:
        return ""
    if roadmap.status == MapStatus.SUBMITTED:
        return "Карта на рассмотрении: план нельзя менять, пока проверяющий не утвердит или не вернёт её."
    if roadmap.status == MapStatus.APPROVED:
        return (
            "План утверждён и закрыт для правки. Исполнение — состояние, дату выполнения, факт, "
            "комментарий и подтверждения — можно отмечать весь год: ссылка «исп.» в строке мероприятия."
        )
    return ""


def can_submit_roadmap(user: User, roadmap) -> bool:
    from roadmaps.models import Level

    return roadmap.level != Level.REGIONAL and can_edit_roadmap(user, roadmap)


def can_review_roadmap(user: User, roadmap) -> bool:
    """Муниципальную карту рассматривает региональный координатор, школьную подтверждает куратор."""
    from roadmaps.models import Level

    scope = scope_of(user)
    if roadmap.level == Level.MUNICIPAL:
        return roadmap.region_id in scope.coordinator_region_ids
    if roadmap.level == Level.SCHOOL:
        return _is_current_curator(scope, roadmap.school_id)
    return False


def can_create_roadmap(user: User, *, level: str, region=None, municipality=None, school=None) -> bool:
    from roadmaps.models import Level

    scope = scope_of(user)
    if level == Level.REGIONAL:
        return region is not None and region.pk in scope.coordinator_region_ids
    if level == Level.MUNICIPAL:
        return municipality is not None and municipality.pk in scope.municipality_ids
    if level == Level.SCHOOL and school is not None:
        return school.pk in scope.school_ids or _is_current_curator(scope, school.pk)
    return False


def roadmap_owner_choices(user: User) -> tuple[QuerySet, QuerySet, QuerySet]:
    """Регионы, муниципалитеты и школы, для которых человек может завести карту."""
    scope = scope_of(user)
    curated = CuratorAssignment.objects.filter(
        curator_id=scope.user_id,
        year=current_year(),
        school__municipality__region_id__in=scope.curator_region_ids,
    )
    return (
        Region.objects.filter(pk__in=scope.coordinator_region_ids),
        Municipality.objects.filter(pk__in=scope.municipality_ids),
        School.objects.filter(Q(pk__in=scope.school_ids) | Q(pk__in=curated.values("school_id"))),
    )


def roadmap_imports_visible(user: User) -> QuerySet:
    """Загрузку карты из файла видит только тот, кто загрузил файл."""
    from roadmaps.models import RoadMapImport

    if scope_of(user).user_id is None:
        return RoadMapImport.objects.none()
    return RoadMapImport.objects.filter(created_by_id=user.pk)


def can_import_into(user: User, roadmap) -> bool:
    """Загрузить файл в существующую карту может тот, кто правит эту карту."""
    return can_edit_roadmap(user, roadmap)


def _register_roadmaps() -> None:
    from roadmaps.models import Evidence, Item, RoadMap, RoadMapImport, Section

    register_visible(RoadMapImport, roadmap_imports_visible)

    register_visible(RoadMap, roadmaps_visible)
    register_visible(Section, roadmap_sections_visible)
    register_visible(Item, roadmap_items_visible)
    register_visible(Evidence, roadmap_evidence_visible)
