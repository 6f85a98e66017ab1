"""Общие параметры задач Celery: очереди, сроки и повторы. Одно место, чтобы все задачи вели себя
одинаково при падении воркера, базы или брокера.

Очереди: «mail» (письма — медленный SMTP не держит остальное), «heavy» (выгрузки, загрузки, снимки,
преобразование документов), «light» (всё короткое: диспетчеры, уборка). Имена строятся от
task_default_queue (CELERY_QUEUE), поэтому тестовый воркер со своей очередью получает и все три.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

MAIL, HEAVY, LIGHT = "mail", "heavy", "light"
QUEUE_KINDS = (MAIL, HEAVY, LIGHT)

# Ошибки соединения с базой (перезапуск PostgreSQL) и с брокером: задачу стоит повторить позже.
CONNECTION_ERRORS = (OperationalError, InterfaceError, BrokerOperationalError, ConnectionError)

# Сроки в секундах: мягкий — задача получает SoftTimeLimitExceeded и может прибраться,
# жёсткий — процесс убивается. Видимость сообщения в брокере должна быть длиннее самого долгого
# жёсткого срока (см. CELERY_BROKER_TRANSPORT_OPTIONS), иначе брокер отдаст живую задачу второму воркеру.
LIMITS = {
    MAIL: (60, 90),
    HEAVY: (25 * 60, 30 * 60),
    LIGHT: (5 * 60, 6 * 60),
}
LONGEST_HARD_LIMIT = max(hard for _soft, hard in LIMITS.values())


def queue_name(default_queue: str, kind: str) -> str:
    return f"{default_queue}.{kind}"


def task_options(kind: str, *, idempotent: bool = True, max_retries: int = 8) -> dict:
    """Параметры @shared_task для задачи данного вида. idempotent: задачу безопасно выполнить ещё раз,
    поэтому сообщение подтверждается после выполнения и возвращается в очередь, если воркер убит."""
    soft, hard = LIMITS[kind]
    return {
        "acks_late": idempotent,
        "reject_on_worker_lost": idempotent,
        "soft_time_limit": soft,
        "time_limit": hard,
        "autoretry_for": CONNECTION_ERRORS,
        "retry_backoff": 5,
        "retry_backoff_max": 300,
        "retry_jitter": True,
        "max_retries": max_retries,
        "queue_kind": kind,
    }


def route_task(name, args, kwargs, options, task=None, **kw):
    """Маршрутизатор Celery: очередь по виду задачи (атрибут queue_kind), по умолчанию — «light»."""
    from config.celery import app

    kind = getattr(task, "queue_kind", None) or LIGHT
    return {"queue": queue_name(app.conf.task_default_queue, kind)}
