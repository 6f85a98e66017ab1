"""Фоновые задачи напоминаний. Задача принимает id, перечитывает данные и вызывает один сервис.

acks_late: сообщение подтверждается после выполнения — воркер, убитый посреди задачи, оставит его в
очереди, и задачу выполнит другой. Повторы с нарастающей паузой — на сбои почты (SMTP-ошибки — это
OSError) и базы. Повтор безопасен: день региона, ключи напоминаний и отметка sent_at не дают ничего
сделать дважды.
"""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError

from notifications import services

RETRY_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError, OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**RETRY_OPTIONS)
def reminders_dispatch() -> int:
    """Каждый час (celery beat): какие регионы пора обработать за их местный день."""
    return len(services.region_days_dispatch())


@shared_task(**RETRY_OPTIONS)
def reminders_run_region(region_id: int, day_iso: str) -> int:
    return services.region_day_process(region_id=region_id, day=date.fromisoformat(day_iso))


@shared_task(**RETRY_OPTIONS)
def send_digest(digest_id: int) -> bool:
    return services.digest_send(digest_id=digest_id)


@shared_task(**RETRY_OPTIONS)
def event_digests_dispatch() -> int:
    """Каждый час (celery beat): в назначенный час — письма о событиях за сутки."""
    from notifications.event_digest import event_digests_dispatch as dispatch

    return len(dispatch())


@shared_task(**RETRY_OPTIONS)
def send_event_digest(digest_id: int) -> bool:
    from notifications.event_digest import event_digest_send

    return event_digest_send(digest_id=digest_id)
