"""Правила доступа: мониторинг. Часть пакета access (снаружи — один модуль)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.core import (
    register_visible,
    scope_of,
)
from accounts.models import User
from schools.models import (
    Municipality,
    Region,
)

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


def can_view_national_dashboard(user: User) -> bool:
    """Все регионы рядом — федеральному уровню."""
    return scope_of(user).is_federal


def can_view_municipality_dashboard(user: User, municipality: Municipality) -> bool:
    scope = scope_of(user)
    return (
        scope.is_federal
        or municipality.region_id in scope.region_ids
        or municipality.pk in scope.municipality_ids
    )


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
