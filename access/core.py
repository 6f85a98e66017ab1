"""Единственное место, где решается, что человек видит и что может менять (арендность).

Каждое представление и каждая выгрузка получает данные только отсюда:
- ``visible(user, Model)`` — queryset объектов, которые человек видит;
- ``get_visible_or_404(user, Model, pk)`` — один объект; «нет такого» и «не ваш» неразличимы (404);
- ``can_edit(user, obj)`` — может ли человек менять объект;
- ``get_editable_or_404(user, Model, pk)`` — объект для правки: 404, если не виден,
  403, если только для чтения.

Область человека (``Scope``) собирается из его ролей один раз за запрос. Точечные права на объекты
(например, приглашённому эксперту — одна школа) выдаются через django-guardian и добавляются здесь же.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from accounts.models import ROLES_GRANTED_BY_FEDERAL, ROLES_GRANTED_BY_REGION, Role, RoleMembership, User
from schools.models import (
    CuratorAssignment,
    Municipality,
    Organisation,
    Region,
    RiskFactor,
    RiskProfile,
    School,
)


def current_year() -> int:
    """Текущий год программы (по дате сервера; у кураторов — назначения этого года)."""
    return timezone.localdate().year


@dataclass(frozen=True)
class Scope:
    """Что покрывают роли человека. Собирается из активных ролей."""

    user_id: int | None
    is_federal: bool = False
    region_ids: frozenset[int] = field(default_factory=frozenset)  # весь регион: сотрудники и координаторы
    coordinator_region_ids: frozenset[int] = field(default_factory=frozenset)  # правит регион
    municipality_ids: frozenset[int] = field(default_factory=frozenset)  # муниципальный координатор
    curator_region_ids: frozenset[int] = field(default_factory=frozenset)
    school_ids: frozenset[int] = field(default_factory=frozenset)  # команда школы
    member_region_ids: frozenset[int] = field(default_factory=frozenset)  # все регионы, где есть роль

    @property
    def is_empty(self) -> bool:
        return not (self.is_federal or self.member_region_ids)


def scope_of(user: User) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(user_id=None)
    cached = getattr(user, "_scope_cache", None)
    if cached is not None:
        return cached
    is_federal = user.is_superuser
    region_ids, coordinator, municipality_ids, curator, school_ids, member = (set() for _ in range(6))
    memberships = RoleMembership.objects.filter(user=user, is_active=True).values_list(
        "role", "region_id", "municipality_id", "school_id"
    )
    for role, region_id, municipality_id, school_id in memberships:
        if role == Role.FEDERAL_STAFF:
            is_federal = True
            continue
        member.add(region_id)
        if role in (Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR):
            region_ids.add(region_id)
            if role == Role.REGIONAL_COORDINATOR:
                coordinator.add(region_id)
        elif role == Role.MUNICIPAL_COORDINATOR:
            municipality_ids.add(municipality_id)
        elif role == Role.CURATOR:
            curator.add(region_id)
        elif role == Role.SCHOOL_TEAM:
            school_ids.add(school_id)
    scope = Scope(
        user_id=user.pk,
        is_federal=is_federal,
        region_ids=frozenset(region_ids),
        coordinator_region_ids=frozenset(coordinator),
        municipality_ids=frozenset(municipality_ids),
        curator_region_ids=frozenset(curator),
        school_ids=frozenset(school_ids),
        member_region_ids=frozenset(member),
    )
    user._scope_cache = scope
    return scope


def forget_scope(user: User) -> None:
    """После смены ролей в том же запросе область надо собрать заново."""
    user.__dict__.pop("_scope_cache", None)
    user.__dict__.pop("_visible_ids_cache", None)  # списки id из scoping.resolved


# --- Что человек видит -------------------------------------------------------------------------


def _curator_school_q(scope: Scope, prefix: str = "") -> Q:
    if not scope.curator_region_ids:
        return Q(pk__in=[])
    assigned = CuratorAssignment.objects.filter(
        curator_id=scope.user_id,
        year=current_year(),
        school__municipality__region_id__in=scope.curator_region_ids,
    ).values("school_id")
    return Q(**{f"{prefix}pk__in" if prefix else "pk__in": assigned})


def _school_q(user: User, scope: Scope) -> Q:
    q = (
        Q(municipality__region_id__in=scope.region_ids)
        | Q(municipality_id__in=scope.municipality_ids)
        | Q(pk__in=scope.school_ids)
        | _curator_school_q(scope)
    )
    granted = get_objects_for_user(
        user, "schools.view_school", klass=School, accept_global_perms=False, with_superuser=False
    )
    return q | Q(pk__in=granted.values("pk"))


def schools_visible(user: User) -> QuerySet[School]:
    scope = scope_of(user)
    if scope.is_federal:
        return School.objects.all()
    if scope.user_id is None:
        return School.objects.none()
    # Уже посчитано в этом запросе (scoping.resolved): то же множество списком id — подзапрос школ
    # внутри видимости карт и муниципалитетов тогда не пересчитывает все школы страны с правами guardian.
    resolved = user.__dict__.get("_visible_ids_cache", {}).get(School)
    if resolved is not None:
        return School.objects.filter(pk__in=sorted(resolved))
    return School.objects.filter(_school_q(user, scope))


def municipalities_visible(user: User) -> QuerySet[Municipality]:
    scope = scope_of(user)
    if scope.is_federal:
        return Municipality.objects.all()
    if scope.user_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(
        Q(region_id__in=scope.region_ids)
        | Q(pk__in=scope.municipality_ids)
        | Q(pk__in=schools_visible(user).values("municipality_id"))
    )


def regions_visible(user: User) -> QuerySet[Region]:
    scope = scope_of(user)
    if scope.is_federal:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.member_region_ids)


def organisations_visible(user: User) -> QuerySet[Organisation]:
    """Справочник организаций региона открыт всем ролям региона: он нужен для «ответственных»."""
    scope = scope_of(user)
    if scope.is_federal:
        return Organisation.objects.all()
    return Organisation.objects.filter(region_id__in=scope.member_region_ids)


def people_visible(user: User) -> QuerySet[User]:
    """Люди, которых человек администрирует: федеральный — всех, региональный координатор — свой регион."""
    scope = scope_of(user)
    if scope.is_federal:
        return User.objects.all()
    if not scope.coordinator_region_ids:
        return User.objects.none()
    return User.objects.filter(
        pk__in=RoleMembership.objects.filter(region_id__in=scope.coordinator_region_ids).values("user_id")
    )


def risk_profiles_visible(user: User) -> QuerySet[RiskProfile]:
    return RiskProfile.objects.filter(school__in=schools_visible(user))


def risk_factors_visible(user: User) -> QuerySet[RiskFactor]:
    return RiskFactor.objects.all()


def curator_assignments_visible(user: User) -> QuerySet[CuratorAssignment]:
    return CuratorAssignment.objects.filter(school__in=schools_visible(user))


VISIBLE: dict[type[Model], Callable[[User], QuerySet]] = {
    Region: regions_visible,
    Municipality: municipalities_visible,
    School: schools_visible,
    Organisation: organisations_visible,
    User: people_visible,
    RiskProfile: risk_profiles_visible,
    RiskFactor: risk_factors_visible,
    CuratorAssignment: curator_assignments_visible,
}


def register_visible(model: type[Model], selector: Callable[[User], QuerySet]) -> None:
    """Другие приложения (дорожные карты, мониторинг) подключают свои модели к этой же политике."""
    VISIBLE[model] = selector


def visible(user: User, model: type[Model]) -> QuerySet:
    try:
        selector = VISIBLE[model]
    except KeyError as exc:  # модель без политики не выдаётся никому — безопаснее упасть в тестах
        raise LookupError(f"Для модели {model.__name__} не задана политика доступа") from exc
    return selector(user)


def get_visible_or_404(user: User, model: type[Model], pk, queryset: QuerySet | None = None):
    """Объект по id из области человека; чужой и несуществующий одинаково дают 404."""
    qs = visible(user, model)
    if queryset is not None:
        qs = queryset & qs
    try:
        obj = qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Не найдено") from exc
    _seen_visible(user).add((model, obj.pk))
    return obj


def _seen_visible(user: User) -> set:
    """Что уже проверено как видимое в этом запросе (память на объекте пользователя — на время запроса)."""
    return user.__dict__.setdefault("_visible_seen", set())


def is_visible(user: User, model: type[Model], pk) -> bool:
    """Виден ли объект человеку; проверенное в этом запросе (get_visible_or_404) не спрашивается снова."""
    if (model, pk) in _seen_visible(user):
        return True
    found = visible(user, model).filter(pk=pk).exists()
    if found:
        _seen_visible(user).add((model, pk))
    return found


def can_create_in_region(user: User, region: Region | None) -> bool:
    scope = scope_of(user)
    if scope.is_federal:
        return True
    return region is not None and region.pk in scope.coordinator_region_ids


def can_create_regions(user: User) -> bool:
    return scope_of(user).is_federal


def can_administer_people(user: User) -> bool:
    scope = scope_of(user)
    return scope.is_federal or bool(scope.coordinator_region_ids)


def grantable_roles(user: User) -> list[Role]:
    scope = scope_of(user)
    roles: list[Role] = []
    if scope.is_federal:
        roles.extend(ROLES_GRANTED_BY_FEDERAL)
    if scope.is_federal or scope.coordinator_region_ids:
        roles.extend(ROLES_GRANTED_BY_REGION)
    return roles


def can_manage_person(user: User, person: User) -> bool:
    """Федеральный — любого, кроме суперпользователей; региональный координатор — людей своего региона
    с ролями, которые он сам выдаёт (не других координаторов и не сотрудников министерства)."""
    scope = scope_of(user)
    if person.pk == user.pk:
        return False
    if scope.is_federal:
        return not person.is_superuser or user.is_superuser
    if not scope.coordinator_region_ids or person.is_superuser:
        return False
    memberships = list(person.memberships.values_list("role", "region_id"))
    return bool(memberships) and all(
        role in ROLES_GRANTED_BY_REGION and region_id in scope.coordinator_region_ids
        for role, region_id in memberships
    )


def can_assign_curators(user: User, school: School) -> bool:
    scope = scope_of(user)
    return scope.is_federal or school.municipality.region_id in scope.coordinator_region_ids
