"""События безопасности из админки Django: то же, что пишут службы сайта (people.services), для
правок, сделанных в админке, — отключение учётной записи, права администратора, выдача и отзыв роли,
пароль, заданный администратором. Запрос (IP, адрес) берётся из контекста SecurityEventMiddleware."""

from __future__ import annotations

from accounts.models import RoleMembership, User
from accounts.security.events import security_event_record
from accounts.security.models import SecurityEventKind

# Флаги учётной записи, которые дают права в админке: их выдача и снятие — тоже «роль выдана/отозвана».
ADMIN_FLAGS = ("is_staff", "is_superuser")


def _person(person: User) -> dict:
    return {"person_id": person.pk, "person": person.email, "via": "admin"}


def membership_details(membership: RoleMembership) -> dict:
    return {
        **_person(membership.user),
        "role": membership.role,
        "region_id": membership.region_id,
        "municipality_id": membership.municipality_id,
        "school_id": membership.school_id,
    }


def user_changed_in_admin(*, actor: User, person: User, changed: list[str]) -> None:
    if "is_active" in changed:
        kind = SecurityEventKind.USER_ENABLED if person.is_active else SecurityEventKind.USER_DISABLED
        security_event_record(kind=kind, user=actor, details=_person(person))
    for flag in ADMIN_FLAGS:
        if flag in changed:
            kind = SecurityEventKind.ROLE_GRANTED if getattr(person, flag) else SecurityEventKind.ROLE_REVOKED
            security_event_record(kind=kind, user=actor, details={**_person(person), "role": flag})


def membership_saved_in_admin(*, actor: User, membership: RoleMembership, created: bool, changed) -> None:
    if created:
        if membership.is_active:
            security_event_record(
                kind=SecurityEventKind.ROLE_GRANTED, user=actor, details=membership_details(membership)
            )
        return
    scope_changed = [name for name in ("user", "role", "region", "municipality", "school") if name in changed]
    if "is_active" in changed or (scope_changed and membership.is_active):
        kind = SecurityEventKind.ROLE_GRANTED if membership.is_active else SecurityEventKind.ROLE_REVOKED
        details = membership_details(membership)
        if scope_changed:
            details["changed"] = scope_changed
        security_event_record(kind=kind, user=actor, details=details)


def membership_deleted_in_admin(*, actor: User, membership: RoleMembership) -> None:
    if membership.is_active:
        security_event_record(
            kind=SecurityEventKind.ROLE_REVOKED, user=actor, details=membership_details(membership)
        )


def password_set_in_admin(*, actor: User, person: User) -> None:
    security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=actor, details=_person(person))
