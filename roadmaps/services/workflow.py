"""Состояния муниципальной и школьной карты: черновик → на рассмотрении → утверждена / возвращена.

Каждый переход пишется в журнал (кто, когда, комментарий) и уведомляет тех, кому теперь действовать
(notifications.events). Права проверяет access до вызова. Повторное открытие утверждённого
плана («reopen») — отдельный шаг журнала: исполнение мероприятий и подтверждения не трогаются.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from hooks import events
from roadmaps.models import Level, MapStatus, RoadMap, Transition
from roadmaps.services.common import figures_changed

ALLOWED = {
    "submit": ({MapStatus.DRAFT, MapStatus.RETURNED}, MapStatus.SUBMITTED),
    "approve": ({MapStatus.SUBMITTED}, MapStatus.APPROVED),
    "return": ({MapStatus.SUBMITTED}, MapStatus.RETURNED),
    "reopen": ({MapStatus.APPROVED}, MapStatus.DRAFT),
}
REFUSALS = {
    "submit": "Отправить можно черновик или возвращённую карту.",
    "approve": "Утвердить можно только карту, отправленную на рассмотрение.",
    "return": "Вернуть на доработку можно только карту, отправленную на рассмотрение.",
    "reopen": "Открыть для правки можно только утверждённую карту.",
}


def _transition(*, roadmap: RoadMap, actor: User | None, action: str, comment: str = "") -> RoadMap:
    locked = RoadMap.objects.select_for_update().get(pk=roadmap.pk)
    if locked.level == Level.REGIONAL:
        raise ValidationError("Региональная карта утверждается распоряжением, а не в системе.")
    sources, target = ALLOWED[action]
    if locked.status not in sources:
        raise ValidationError(REFUSALS[action])
    if action == "submit" and not locked.items.exists():
        raise ValidationError("В карте нет ни одного мероприятия — отправлять нечего.")
    transition = Transition.objects.create(
        roadmap=locked, from_status=locked.status, to_status=target, actor=actor, comment=comment.strip()
    )
    locked.status = target
    if action == "return":
        locked.review_comment = comment.strip()
    elif action == "approve":
        locked.review_comment = ""
    locked.save(update_fields=["status", "review_comment", "updated_at"])
    figures_changed(locked)
    events.roadmap_transition_notify(transition=transition)
    return locked


@transaction.atomic
def roadmap_submit(*, roadmap: RoadMap, actor: User | None, comment: str = "") -> RoadMap:
    return _transition(roadmap=roadmap, actor=actor, action="submit", comment=comment)


@transaction.atomic
def roadmap_approve(*, roadmap: RoadMap, actor: User | None, comment: str = "") -> RoadMap:
    return _transition(roadmap=roadmap, actor=actor, action="approve", comment=comment)


@transaction.atomic
def roadmap_return(*, roadmap: RoadMap, actor: User | None, comment: str) -> RoadMap:
    if not comment.strip():
        raise ValidationError({"comment": "Напишите, что исправить: комментарий увидит автор карты."})
    return _transition(roadmap=roadmap, actor=actor, action="return", comment=comment)


@transaction.atomic
def roadmap_reopen(*, roadmap: RoadMap, actor: User | None, comment: str = "") -> RoadMap:
    return _transition(roadmap=roadmap, actor=actor, action="reopen", comment=comment)
