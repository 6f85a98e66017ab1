"""Правила доступа: выгрузки. Часть пакета access (снаружи — один модуль)."""

from __future__ import annotations

from django.db.models import QuerySet

from access.core import (
    is_visible,
    register_visible,
    scope_of,
)
from access.monitoring import can_view_region_dashboard
from access.schoolwork import is_curator_of
from accounts.models import User
from schools.models import (
    Region,
    School,
)

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
    return is_visible(user, type(roadmap), roadmap.pk)


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
