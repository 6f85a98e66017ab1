"""Уведомления о событиях работы: карта отправлена / возвращена / утверждена, документ загружен /
подтверждён / возвращён, посещение запланировано / перенесено / проведено, куратор назначен / снят,
рисковый профиль проверен.

Сервисы предметной области вызывают эти функции в своей транзакции: уведомление появляется в центре
уведомлений сразу (и откатывается вместе с действием), а письмом приходит в ежедневной сводке событий
(notifications.event_digest). У каждого уведомления ключ «событие:объект:user:id» уникален в базе —
повтор сервиса или задачи (Celery повторяет после сбоя) второго уведомления не создаст. Тому, кто сам
совершил действие, уведомление не нужно.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from accounts.models import Role, RoleMembership, User
from notifications.models import Notification, NotificationKind
from schools.models import CuratorAssignment, School

TEXT_LIMIT = 2000


def notify(
    *,
    kind: NotificationKind,
    key: str,
    recipient_ids: Iterable[int],
    title: str,
    text: str = "",
    link: str = "",
    actor: User | None = None,
) -> int:
    """Одно уведомление на человека на событие. Возвращает, сколько создано впервые."""
    wanted = {uid for uid in recipient_ids if uid and (actor is None or uid != actor.pk)}
    if not wanted:
        return 0
    active = User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True)
    rows = [
        Notification(
            user_id=uid,
            kind=kind,
            title=f"{kind.label}: {title}"[:500],
            text=text[:TEXT_LIMIT],
            link=link,
            event_key=f"{key}:user:{uid}",
        )
        for uid in active
    ]
    keys = [row.event_key for row in rows]
    existing = set(Notification.objects.filter(event_key__in=keys).values_list("event_key", flat=True))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return sum(1 for key_ in keys if key_ not in existing)


# --- Кто получает -----------------------------------------------------------------------------


def _members(role: str, **where) -> set[int]:
    return set(
        RoleMembership.objects.filter(role=role, is_active=True, **where).values_list("user_id", flat=True)
    )


def region_coordinators(region_id: int) -> set[int]:
    return _members(Role.REGIONAL_COORDINATOR, region_id=region_id)


def municipal_coordinators(municipality_id: int) -> set[int]:
    return _members(Role.MUNICIPAL_COORDINATOR, municipality_id=municipality_id)


def school_team(school_id: int) -> set[int]:
    return _members(Role.SCHOOL_TEAM, school_id=school_id)


def school_curators(school_id: int, year: int) -> set[int]:
    return set(
        CuratorAssignment.objects.filter(school_id=school_id, year=year).values_list("curator_id", flat=True)
    )


# --- Дорожные карты ---------------------------------------------------------------------------

_MAP_KINDS = {
    "submitted": NotificationKind.MAP_SUBMITTED,
    "returned": NotificationKind.MAP_RETURNED,
    "approved": NotificationKind.MAP_APPROVED,
    "draft": NotificationKind.MAP_REOPENED,
}


def roadmap_transition_notify(*, transition) -> int:
    """Отправленную муниципальную карту видят координаторы региона, школьную — куратор школы;
    решение (вернуть, утвердить, открыть план) — авторы: муниципальные координаторы или команда школы."""
    from roadmaps.models import Level

    roadmap = transition.roadmap
    kind = _MAP_KINDS[transition.to_status]
    if roadmap.level == Level.MUNICIPAL:
        reviewers, authors = (
            region_coordinators(roadmap.region_id),
            municipal_coordinators(roadmap.municipality_id),
        )
    elif roadmap.level == Level.SCHOOL:
        reviewers, authors = school_curators(roadmap.school_id, roadmap.year), school_team(roadmap.school_id)
    else:
        return 0
    recipients = reviewers if kind == NotificationKind.MAP_SUBMITTED else authors
    link = reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk})
    if kind == NotificationKind.MAP_RETURNED:
        link += "#review-comment"
    text = f"Комментарий: «{transition.comment}»" if transition.comment else ""
    return notify(
        kind=kind,
        key=f"map:transition:{transition.pk}",
        recipient_ids=recipients,
        title=f"{roadmap.title} ({roadmap.year})",
        text=text,
        link=link,
        actor=transition.actor,
    )


# --- Документы школы --------------------------------------------------------------------------


def document_uploaded_notify(*, version, actor: User | None) -> int:
    document = version.document
    return notify(
        kind=NotificationKind.DOC_UPLOADED,
        key=f"doc:version:{version.pk}:uploaded",
        recipient_ids=school_curators(document.school_id, document.year),
        title=f"{document.label} — {document.school.short_name}, версия {version.number}",
        text="Документ ждёт вашей проверки.",
        link=reverse("schoolwork:document_detail", kwargs={"document_id": document.pk}),
        actor=actor,
    )


def document_reviewed_notify(*, document, version, actor: User | None) -> int:
    """Подтверждение или возврат конкретной версии — одно событие на версию и решение."""
    from schoolwork.models import DocumentStatus

    confirmed = document.status == DocumentStatus.CONFIRMED
    kind = NotificationKind.DOC_CONFIRMED if confirmed else NotificationKind.DOC_RETURNED
    text = f"Что исправить: «{document.review_comment}»" if not confirmed else document.review_comment
    return notify(
        kind=kind,
        key=f"doc:version:{version.pk}:{document.status}",
        recipient_ids=school_team(document.school_id),
        title=f"{document.label}, версия {version.number}",
        text=text,
        link=reverse("schoolwork:document_detail", kwargs={"document_id": document.pk}),
        actor=actor,
    )


# --- Посещения --------------------------------------------------------------------------------


def visit_notify(*, visit, kind: NotificationKind, actor: User | None) -> int:
    """Команде школы: посещение запланировано, перенесено (ключ с новой датой) или проведено."""
    suffix = f":{visit.date.isoformat()}" if kind == NotificationKind.VISIT_MOVED else ""
    return notify(
        kind=kind,
        key=f"visit:{visit.pk}:{kind.value}{suffix}",
        recipient_ids=school_team(visit.school_id),
        title=f"{visit.date:%d.%m.%Y} — {visit.get_kind_display()}",
        text=visit.purpose,
        link=reverse("schoolwork:visit_detail", kwargs={"visit_id": visit.pk}),
        actor=actor,
    )


# --- Кураторы и профили -----------------------------------------------------------------------


def curator_changed_notify(
    *, school: School, year: int, curator_id: int, assignment_id: int, assigned: bool, actor: User | None
) -> int:
    kind = NotificationKind.CURATOR_ASSIGNED if assigned else NotificationKind.CURATOR_REMOVED
    curator = User.objects.filter(pk=curator_id).first()
    name = curator.short_name if curator else "куратор"
    return notify(
        kind=kind,
        key=f"curator:{assignment_id}:{curator_id}:{kind.value}",
        recipient_ids={curator_id, *school_team(school.pk)},
        title=f"{school.short_name}, {year} год — {name}",
        link=reverse("schools:school_detail", kwargs={"school_id": school.pk}),
        actor=actor,
    )


def risk_profile_verified_notify(*, profile, actor: User | None) -> int:
    return notify(
        kind=NotificationKind.PROFILE_VERIFIED,
        key=f"profile:{profile.pk}:verified:{profile.verified_at.isoformat()}",
        recipient_ids=school_team(profile.school_id),
        title=f"{profile.year} год",
        text="Куратор проверил рисковый профиль школы: можно выбирать направления работы.",
        link=reverse("schoolwork:risk_profile", kwargs={"school_id": profile.school_id})
        + f"?year={profile.year}",
        actor=actor,
    )
