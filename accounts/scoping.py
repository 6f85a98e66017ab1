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

from django.core.exceptions import PermissionDenied
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
        return qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Не найдено") from exc


# --- Что человек может менять ------------------------------------------------------------------


def _region_id_of(obj: Model) -> int | None:
    if isinstance(obj, Region):
        return obj.pk
    if isinstance(obj, Municipality | Organisation):
        return obj.region_id
    if isinstance(obj, School):
        return obj.municipality.region_id
    return None


def can_edit(user: User, obj: Model) -> bool:
    scope = scope_of(user)
    if scope.user_id is None:
        return False
    roadmap = _roadmap_of(obj)
    if roadmap is not None:
        return can_edit_roadmap(user, roadmap)
    if scope.is_federal:
        return True
    if isinstance(obj, Region):
        return False  # регионы заводит федеральный администратор
    if isinstance(obj, User):
        return can_manage_person(user, obj)
    if isinstance(obj, School) and user.has_perm("schools.change_school", obj):
        return True
    region_id = _region_id_of(obj)
    return region_id is not None and region_id in scope.coordinator_region_ids


def _roadmap_of(obj: Model):
    from roadmaps.models import Evidence, Item, RoadMap, Section

    if isinstance(obj, RoadMap):
        return obj
    if isinstance(obj, Section | Item):
        return obj.roadmap
    if isinstance(obj, Evidence):
        return obj.item.roadmap
    return None


def get_editable_or_404(user: User, model: type[Model], pk):
    obj = get_visible_or_404(user, model, pk)
    if not can_edit(user, obj):
        raise PermissionDenied("Недостаточно прав для изменения.")
    return obj


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
    curated = CuratorAssignment.objects.filter(curator_id=scope.user_id, year=current_year(),
                                               school__municipality__region_id__in=scope.curator_region_ids)
    return (
        Region.objects.filter(pk__in=scope.coordinator_region_ids),
        Municipality.objects.filter(pk__in=scope.municipality_ids),
        School.objects.filter(Q(pk__in=scope.school_ids) | Q(pk__in=curated.values("school_id"))),
    )


def _register_roadmaps() -> None:
    from roadmaps.models import Evidence, Item, RoadMap, Section

    register_visible(RoadMap, roadmaps_visible)
    register_visible(Section, roadmap_sections_visible)
    register_visible(Item, roadmap_items_visible)
    register_visible(Evidence, roadmap_evidence_visible)


# --- Работа со школами: посещения, документы, рисковые профили (приложение schoolwork) ----------
# Всё видно ровно тем, кому видна школа. Министерство и муниципальный координатор только читают;
# куратор работает со школами, закреплёнными за ним в этом году (и в году самого профиля/документа).


def visits_visible(user: User) -> QuerySet:
    from schoolwork.models import Visit

    return Visit.objects.filter(school__in=schools_visible(user))


def visit_attachments_visible(user: User) -> QuerySet:
    from schoolwork.models import VisitAttachment

    return VisitAttachment.objects.filter(visit__school__in=schools_visible(user))


def school_documents_visible(user: User) -> QuerySet:
    from schoolwork.models import SchoolDocument

    return SchoolDocument.objects.filter(school__in=schools_visible(user))


def document_versions_visible(user: User) -> QuerySet:
    from schoolwork.models import DocumentVersion

    return DocumentVersion.objects.filter(document__school__in=schools_visible(user))


def risk_import_batches_visible(user: User) -> QuerySet:
    """Незавершённая загрузка — черновик автора: её видит только он, пока координирует этот регион."""
    from schoolwork.models import RiskImportBatch

    scope = scope_of(user)
    return RiskImportBatch.objects.filter(
        created_by_id=scope.user_id, region_id__in=scope.coordinator_region_ids
    )


def is_curator_of(user: User, school: School, year: int | None = None) -> bool:
    """Куратор школы в этом году и (если задан) в году профиля или документа."""
    scope = scope_of(user)
    if scope.user_id is None or not scope.curator_region_ids:
        return False
    years = {current_year(), year or current_year()}
    assigned = CuratorAssignment.objects.filter(
        curator_id=scope.user_id, school_id=school.pk, year__in=years,
        school__municipality__region_id__in=scope.curator_region_ids,
    ).values_list("year", flat=True)
    return set(assigned) == years


def can_enter_risk_profile(user: User, school: School, year: int) -> bool:
    """Результаты анкетирования вносит региональный координатор или куратор школы."""
    return school.municipality.region_id in scope_of(user).coordinator_region_ids or is_curator_of(
        user, school, year)


def can_verify_risk_profile(user: User, profile: RiskProfile) -> bool:
    return is_curator_of(user, profile.school, profile.year)


def can_import_risk_profiles(user: User, region: Region) -> bool:
    return region.pk in scope_of(user).coordinator_region_ids


def can_log_visit(user: User, school: School) -> bool:
    return is_curator_of(user, school)


def can_edit_visit(user: User, visit) -> bool:
    """Запись о посещении правит только её автор, пока он куратор школы."""
    return visit.curator_id == scope_of(user).user_id and is_curator_of(user, visit.school)


def can_upload_documents(user: User, school: School) -> bool:
    return school.pk in scope_of(user).school_ids


def can_review_document(user: User, document) -> bool:
    return is_curator_of(user, document.school, document.year)


def require(allowed: bool) -> None:
    """Объект виден, но менять его нельзя — 403 (невидимое уже дало 404)."""
    if not allowed:
        raise PermissionDenied("Недостаточно прав для изменения.")


def _register_schoolwork() -> None:
    from schoolwork.models import DocumentVersion, RiskImportBatch, SchoolDocument, Visit, VisitAttachment

    register_visible(Visit, visits_visible)
    register_visible(VisitAttachment, visit_attachments_visible)
    register_visible(SchoolDocument, school_documents_visible)
    register_visible(DocumentVersion, document_versions_visible)
    register_visible(RiskImportBatch, risk_import_batches_visible)


# --- Мониторинг ---------------------------------------------------------------------------------


def monitoring_stages_visible(user: User) -> QuerySet:
    """Этапы своего региона и федеральные этапы (они касаются всех регионов)."""
    from monitoring.models import MonitoringStage

    scope = scope_of(user)
    if scope.is_federal:
        return MonitoringStage.objects.all()
    if scope.user_id is None or not scope.member_region_ids:
        return MonitoringStage.objects.none()
    return MonitoringStage.objects.filter(Q(region_id__in=scope.member_region_ids) | Q(region__isnull=True))


def snapshots_visible(user: User) -> QuerySet:
    """Снимок целиком (с цифрами всех школ региона) видят министерство и региональные роли."""
    from monitoring.models import Snapshot

    scope = scope_of(user)
    if scope.is_federal:
        return Snapshot.objects.all()
    return Snapshot.objects.filter(region_id__in=scope.region_ids)


def snapshot_runs_visible(user: User) -> QuerySet:
    from monitoring.models import SnapshotRun

    scope = scope_of(user)
    if scope.is_federal:
        return SnapshotRun.objects.all()
    return SnapshotRun.objects.filter(
        Q(region_id__in=scope.region_ids) | Q(stage__region_id__in=scope.region_ids)
    )


def can_view_region_dashboard(user: User, region: Region) -> bool:
    scope = scope_of(user)
    return scope.is_federal or region.pk in scope.region_ids


def can_view_municipality_dashboard(user: User, municipality: Municipality) -> bool:
    scope = scope_of(user)
    return (scope.is_federal or municipality.region_id in scope.region_ids
            or municipality.pk in scope.municipality_ids)


def can_manage_stages(user: User, region: Region | None) -> bool:
    """Этапы региона заводит региональный координатор, федеральные этапы — федеральный администратор."""
    scope = scope_of(user)
    if region is None:
        return scope.is_federal
    return scope.is_federal or region.pk in scope.coordinator_region_ids


def _register_monitoring() -> None:
    from monitoring.models import MonitoringStage, Snapshot, SnapshotRun

    register_visible(MonitoringStage, monitoring_stages_visible)
    register_visible(Snapshot, snapshots_visible)
    register_visible(SnapshotRun, snapshot_runs_visible)


# --- Выгрузки PDF/Excel (приложение reports) -------------------------------------------------------
# Выгрузка показывает ровно то, что показывает страница с теми же данными, поэтому правила повторяют
# правила этих страниц. Файл фоновой выгрузки — личный: его видит только заказавший, а при скачивании
# права на сами данные проверяются ещё раз (роль могли отозвать, пока файл собирался).


def export_jobs_visible(user: User) -> QuerySet:
    from reports.models import ExportJob

    scope = scope_of(user)
    if scope.user_id is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by_id=scope.user_id)


def can_export_roadmap(user: User, roadmap) -> bool:
    """Карту выгружает каждый, кому видна её страница."""
    return roadmaps_visible(user).filter(pk=roadmap.pk).exists()


def can_export_stage_report(user: User, snapshot) -> bool:
    """Отчёт об этапе — цифры всех школ региона: как панель региона, министерству и региону."""
    return can_view_region_dashboard(user, snapshot.region)


def can_export_region_tables(user: User, region: Region) -> bool:
    """Таблицы на весь регион (документы всех школ, все мероприятия всех карт) — как панель региона."""
    return can_view_region_dashboard(user, region)


def can_export_national(user: User) -> bool:
    """Сводка по всем регионам и все мероприятия страны — только федеральным сотрудникам."""
    return scope_of(user).is_federal


def can_export_curator_report(user: User, school: School) -> bool:
    """Отчёт о работе куратора со школой: министерство и регион, муниципалитет школы, её куратор и команда."""
    scope = scope_of(user)
    return (
        scope.is_federal
        or school.municipality.region_id in scope.region_ids
        or school.municipality_id in scope.municipality_ids
        or school.pk in scope.school_ids
        or is_curator_of(user, school)
    )


def _register_reports() -> None:
    from reports.models import ExportJob

    register_visible(ExportJob, export_jobs_visible)
