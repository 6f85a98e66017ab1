"""Правка объекта: ``can_edit(user, obj)`` и ``get_editable_or_404(user, Model, pk)``. Часть пакета access
(снаружи — один модуль). Отдельно от ядра: правка карты решается правилами дорожных карт (access.roadmaps),
а они сами стоят на ядре — так модули пакета не импортируют друг друга по кругу."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from access.core import can_manage_person, get_visible_or_404, scope_of
from access.roadmaps import can_edit_roadmap, can_update_execution
from accounts.models import User
from schools.models import Municipality, Organisation, Region, School

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
        from roadmaps.models import Evidence

        if isinstance(obj, Evidence):  # подтверждение — часть исполнения, а не плана
            return can_update_execution(user, obj.item)

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
