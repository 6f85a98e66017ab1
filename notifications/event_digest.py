"""Ежедневное письмо о событиях работы: всё, что за сутки пришло человеку в центр уведомлений
(notifications.events), одним письмом. Отключённые в профиле письма не отправляются — уведомления
при этом всё равно отмечаются обработанными, чтобы не прийти потом разом.

Повтор безопасен: строка EventDigestEmail(человек, день) уникальна, письмо и отметка sent_at — в одной
транзакции под блокировкой строки; уведомления привязываются к письму, и второй раз их не взять.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jobs.enqueue import task_named
from notifications.digest import absolute_url
from notifications.models import EventDigestEmail, Notification

# В котором часу (по времени сервера, TIME_ZONE) уходит письмо о событиях за прошедшие сутки.
EVENT_DIGEST_HOUR = int(getattr(settings, "EVENT_DIGEST_HOUR", 8))  # из окружения — config/settings/base.py

# Задача — по имени (jobs.enqueue.task_named): она сама вызывает event_digest_send отсюда.
SEND_EVENT_DIGEST = "notifications.tasks.send_event_digest"


def _pending():
    return Notification.objects.filter(event_key__isnull=False, event_digest__isnull=True)


def event_digests_dispatch(*, now: datetime | None = None) -> list[int]:
    """Ежечасно (celery beat): с наступлением часа заводит письмо дня каждому, у кого есть новые
    события, и ставит его в очередь. Возвращает id поставленных писем."""
    now = now or timezone.now()
    local = timezone.localtime(now, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    if local.hour < EVENT_DIGEST_HOUR:
        return []
    day = local.date()
    with transaction.atomic():
        user_ids = set(_pending().values_list("user_id", flat=True).distinct())
        EventDigestEmail.objects.bulk_create(
            [EventDigestEmail(user_id=uid, day=day) for uid in user_ids], ignore_conflicts=True
        )
        due = list(
            EventDigestEmail.objects.select_for_update(skip_locked=True)
            .filter(day=day, sent_at__isnull=True, enqueued_at__isnull=True)
            .values_list("pk", flat=True)
        )
        EventDigestEmail.objects.filter(pk__in=due).update(enqueued_at=now)
        for digest_id in due:
            transaction.on_commit(
                lambda digest_id=digest_id: task_named(SEND_EVENT_DIGEST).delay(digest_id), robust=True
            )
    return due


def event_digest_send(*, digest_id: int) -> bool:
    """Собирает новые события человека в письмо и отправляет его (если человек не отключил письма).
    True — письмо ушло. Повтор после успешной обработки ничего не делает."""
    with transaction.atomic():
        digest = (
            EventDigestEmail.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=digest_id)
            .first()
        )
        if digest is None or digest.sent_at is not None:
            return False
        pending = list(
            _pending()
            .select_for_update()
            .filter(user_id=digest.user_id, created_at__lt=digest.created_at)
            .order_by("created_at", "pk")
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(event_digest=digest)
        user = digest.user
        emailed = bool(pending and user.is_active and user.email_notifications and user.email)
        if emailed:
            body = render_to_string(
                "notifications/email/events.txt",
                {
                    "user": user,
                    "day": digest.day,
                    "lines": [(n, absolute_url(n.target_url)) for n in pending],
                    "notifications_url": absolute_url(reverse("notifications:list")),
                    "profile_url": absolute_url(reverse("accounts:profile")),
                },
            )
            send_mail(
                subject=f"«500+»: события по вашей работе ({len(pending)})",
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
        digest.sent_at, digest.emailed = timezone.now(), emailed
        digest.save(update_fields=["sent_at", "emailed"])
        return emailed
