"""Чтение для страниц людей: список с ролями, карточка человека с ролями и школами, где он куратор."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

import access as scoping
from accounts.models import RoleMembership, User
from schools.models import CuratorAssignment


def people_list(
    *, user: User, search: str = "", role: str = "", region_id: int | None = None
) -> QuerySet[User]:
    qs = scoping.visible(user, User)
    if search:
        qs = qs.filter(
            Q(last_name__icontains=search) | Q(email__icontains=search) | Q(first_name__icontains=search)
        )
    # EXISTS, а не соединение с ролями: строки людей не множатся, и DISTINCT (а с ним и счёт страниц
    # по всем людям с сортировкой) не нужен — COUNT идёт по одной таблице людей.
    if role:
        qs = qs.filter(Exists(RoleMembership.objects.filter(user=OuterRef("pk"), role=role)))
    if region_id:
        qs = qs.filter(Exists(RoleMembership.objects.filter(user=OuterRef("pk"), region_id=region_id)))
    memberships = RoleMembership.objects.select_related("region", "municipality", "school").order_by("role")
    return qs.prefetch_related(Prefetch("memberships", queryset=memberships)).order_by(
        "last_name", "first_name"
    )


def person_card(*, user: User, person_id: int) -> User:
    memberships = RoleMembership.objects.select_related("region", "municipality", "school", "created_by")
    qs = User.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships),
        Prefetch(
            "curator_assignments",
            queryset=CuratorAssignment.objects.select_related("school__municipality").order_by(
                "-year", "school__short_name"
            ),
        ),
    )
    return scoping.get_visible_or_404(user, User, person_id, queryset=qs)


def membership_of_or_404(*, person: User, membership_id: int) -> RoleMembership:
    """Роль уже проверенного через scoping человека: чужая роль по подставленному id — 404."""
    membership = person.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404("Не найдено")
    return membership
