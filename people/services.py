"""Люди в справочнике: приглашение в регион, роли с областью (регион / муниципалитет / школа), отключение.

Письмо-приглашение заводит accounts.services.invitation_send в фоновой задаче
accounts.tasks.send_invitation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Invitation, Role, RoleMembership, User
from accounts.security.events import security_event_record
from accounts.security.models import SecurityEventKind
from schools.models import Municipality, Region, School


def _scope_for_role(
    *, role: str, region: Region | None, municipality: Municipality | None, school: School | None
) -> dict:
    """Приводит область роли к виду, который требует ограничение в базе, и объясняет ошибки по-русски."""
    if role == Role.FEDERAL_STAFF:
        return {"region": None, "municipality": None, "school": None}
    if school is not None:
        municipality = municipality or school.municipality
        if school.municipality_id != municipality.pk:
            raise ValidationError({"school": "Школа относится к другому муниципалитету."})
    if municipality is not None:
        region = region or municipality.region
        if municipality.region_id != region.pk:
            raise ValidationError(
                {"municipality": f"Муниципалитет «{municipality}» относится к другому региону."}
            )
    if region is None:
        raise ValidationError({"region": "Укажите регион."})
    if role in (Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR, Role.CURATOR):
        return {"region": region, "municipality": None, "school": None}
    if role == Role.MUNICIPAL_COORDINATOR:
        if municipality is None:
            raise ValidationError({"municipality": "Для муниципального координатора укажите муниципалитет."})
        return {"region": region, "municipality": municipality, "school": None}
    if role == Role.SCHOOL_TEAM:
        if school is None:
            raise ValidationError({"school": "Для команды школы укажите школу."})
        return {"region": region, "municipality": municipality, "school": school}
    raise ValidationError({"role": "Неизвестная роль."})


def _save_toggle(instance, *fields: str) -> None:
    """Сохраняет одно поле — и новую версию записи: форма, открытая до этого (админка, карточка), должна
    увидеть конфликт, а не вернуть роль или включить человека своим устаревшим «Сохранить»."""
    instance.version = (instance.version or 0) + 1
    instance.save(update_fields=[*fields, "version"])


@transaction.atomic
def membership_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    region: Region | None = None,
    municipality: Municipality | None = None,
    school: School | None = None,
) -> RoleMembership:
    scope = _scope_for_role(role=role, region=region, municipality=municipality, school=school)
    membership, created = RoleMembership.objects.get_or_create(
        user=user, role=role, **scope, defaults={"created_by": actor}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        _save_toggle(membership, "is_active")
    elif not created:
        return membership
    security_event_record(
        kind=SecurityEventKind.ROLE_GRANTED, user=actor, details=_membership_details(membership)
    )
    return membership


def _membership_details(membership: RoleMembership) -> dict:
    return {
        "person_id": membership.user_id,
        "person": membership.user.email,
        "role": membership.role,
        "region_id": membership.region_id,
        "municipality_id": membership.municipality_id,
        "school_id": membership.school_id,
    }


@transaction.atomic
def person_invite(
    *,
    actor: User | None,
    email: str,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    position: str = "",
    phone: str = "",
    role: str,
    region: Region | None = None,
    municipality: Municipality | None = None,
    school: School | None = None,
) -> Invitation:
    """Создаёт учётную запись без пароля, выдаёт роль и ставит в очередь письмо со ссылкой на пароль."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": "Пользователь с такой эл. почтой уже есть. Выдайте ему роль на его странице."}
        )
    user = User(
        email=email,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        middle_name=middle_name.strip(),
        position=position.strip(),
        phone=phone.strip(),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # две вкладки пригласили одного человека одновременно
        raise ValidationError(
            {"email": "Пользователь с такой эл. почтой уже есть. Выдайте ему роль на его странице."}
        ) from error
    membership = membership_grant(
        actor=actor, user=user, role=role, region=region, municipality=municipality, school=school
    )
    invitation = Invitation.objects.create(user=user, membership=membership, invited_by=actor)
    security_event_record(
        kind=SecurityEventKind.INVITATION, user=actor, details=_membership_details(membership)
    )
    from jobs.services import job_dispatch  # терпимая постановка: брокер недоступен — не 500

    job_dispatch(kind="accounts.invitation", obj=invitation)
    return invitation


@transaction.atomic
def person_set_active(*, actor: User, person: User, active: bool) -> User:
    if person.pk == actor.pk and not active:
        raise ValidationError("Нельзя отключить собственную учётную запись.")
    changed = person.is_active != active
    person.is_active = active
    _save_toggle(person, "is_active")
    if changed:
        security_event_record(
            kind=SecurityEventKind.USER_ENABLED if active else SecurityEventKind.USER_DISABLED,
            user=actor,
            details={"person_id": person.pk, "person": person.email},
        )
    return person


@transaction.atomic
def membership_set_active(
    *, membership: RoleMembership, active: bool, actor: User | None = None
) -> RoleMembership:
    changed = membership.is_active != active
    membership.is_active = active
    _save_toggle(membership, "is_active")
    if changed:
        security_event_record(
            kind=SecurityEventKind.ROLE_GRANTED if active else SecurityEventKind.ROLE_REVOKED,
            user=actor,
            details=_membership_details(membership),
        )
    return membership
