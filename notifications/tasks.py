"""Фоновые задачи напоминаний. Задача принимает id, перечитывает данные и вызывает один сервис.

acks_late: сообщение подтверждается после выполнения — воркер, убитый посреди задачи, оставит его в
очереди, и задачу выполнит другой. Повторы с нарастающей паузой — на сбои почты (SMTP-ошибки — это
OSError) и базы. Повтор безопасен: день региона, ключи напоминаний и отметка sent_at не дают ничего
сделать дважды.
"""

from datetime import date

from celery import shared_task

from jobs.celery_options import LIGHT, task_options
from notifications import services

RETRY_OPTIONS = task_options(LIGHT)
RETRY_OPTIONS["autoretry_for"] = (*RETRY_OPTIONS["autoretry_for"], OSError)


@shared_task(**RETRY_OPTIONS)
def reminders_dispatch() -> int:
    """Каждый час (celery beat): какие регионы пора обработать за их местный день (и пропущенные)."""
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
