"""Правила доступа: посещения, документы, рисковые профили.

Часть пакета access (снаружи — один модуль)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from access.core import (
    current_year,
    register_visible,
    schools_visible,
    scope_of,
)
from accounts.models import User
from schools.models import (
    CuratorAssignment,
    Region,
    RiskProfile,
    School,
)

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
    # Одна страница спрашивает это несколько раз (можно ли записать посещение, выгрузить отчёт…):
    # ответ запоминается на объекте пользователя, то есть на время запроса.
    memo = user.__dict__.setdefault("_curator_of_cache", {})
    key = (school.pk, frozenset(years))
    if key not in memo:
        assigned = CuratorAssignment.objects.filter(
            curator_id=scope.user_id,
            school_id=school.pk,
            year__in=years,
            school__municipality__region_id__in=scope.curator_region_ids,
        ).values_list("year", flat=True)
        memo[key] = set(assigned) == years
    return memo[key]


def can_enter_risk_profile(user: User, school: School, year: int) -> bool:
    """Результаты анкетирования вносит региональный координатор или куратор школы."""
    return school.municipality.region_id in scope_of(user).coordinator_region_ids or is_curator_of(
        user, school, year
    )


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
