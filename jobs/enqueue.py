"""Терпимая постановка в очередь: брокер недоступен или завис — запрос не падает и ждёт не дольше
ENQUEUE_TIMEOUT секунд, а задание остаётся в базе «в очереди», и его поставит подметальщик.

Одна функция для всех приложений (выгрузки, снимки, загрузки, приглашения, напоминания, письма).
"""

from __future__ import annotations

import contextvars
import importlib
import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

QUEUED_LATER_MESSAGE = "Поставлено в очередь, начнётся, когда фоновая служба будет доступна."

# Имена задач, которые в этом запросе не удалось передать брокеру: по ним страница говорит человеку,
# что работа начнётся позже (jobs.middleware.BrokerOutageMessageMiddleware).
_failed_sends: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("failed_sends", default=None)


def start_collecting_failures() -> contextvars.Token:
    return _failed_sends.set([])


def collected_failures(token: contextvars.Token) -> list[str]:
    failures = _failed_sends.get() or []
    _failed_sends.reset(token)
    return failures


def task_named(name: str):
    """Задача Celery по полному имени («notifications.tasks.send_digest»). Сервисы ставят задачи по имени,
    не импортируя модуль задач: задачи сами вызывают сервисы, и модули не должны импортировать друг друга
    по кругу. Имя — то же, под которым задачу знает Celery (и beat в настройках)."""
    module, attribute = name.rsplit(".", 1)
    return getattr(importlib.import_module(module), attribute)


def _task(task):
    return task_named(task) if isinstance(task, str) else task


def _timeout() -> float:
    return float(getattr(settings, "CELERY_ENQUEUE_TIMEOUT", 1.5))


def send_now(task, args: tuple = (), kwargs: dict | None = None, *, countdown: float | None = None) -> bool:
    """Передаёт задачу брокеру сейчас. True — передана; False — брокер недоступен (в журнал — почему).

    Отдельное соединение с короткими тайм-аутами и без повторов: зависший Redis (SIGSTOP) принимает
    TCP-соединение, но не отвечает, — без socket_timeout запрос висел бы до убийства gunicorn."""
    from config.celery import app

    task = _task(task)
    if app.conf.task_always_eager:
        task.delay(*args, **(kwargs or {}))
        return True
    timeout = _timeout()
    options = {
        **(app.conf.broker_transport_options or {}),
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "max_retries": 0,
    }
    try:
        with app.connection_for_write(transport_options=options, connect_timeout=timeout) as connection:
            task.apply_async(
                args=args, kwargs=kwargs or {}, connection=connection, retry=False, countdown=countdown
            )
    except Exception as error:  # брокер недоступен: задание остаётся в базе, его поставит подметальщик
        logger.warning("Брокер недоступен, задача %s%s не поставлена: %s", task.name, args, error)
        failures = _failed_sends.get()
        if failures is not None:
            failures.append(task.name)
        return False
    return True


def enqueue_after_commit(task, *args, on_failure=None, robust: bool | None = None) -> None:
    """Ставит задачу в очередь после коммита текущей транзакции (сразу, если транзакции нет).
    on_failure(error_text) вызывается, если брокер не принял задачу (например, чтобы отметить это).
    robust: ошибка самой задачи в режиме eager не мешает остальным колбэкам (по умолчанию — только
    вне eager, где ошибок и так не бывает: send_now их ловит). task — задача или её имя (task_named)."""

    def enqueue() -> None:  # не partial: Django пишет __qualname__ колбэка в журнал
        if not send_now(task, args) and on_failure is not None:
            on_failure("брокер недоступен")

    transaction.on_commit(enqueue, robust=(not _eager()) if robust is None else robust)


def _eager() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


def broker_reachable(timeout: float | None = None) -> bool:
    from config.celery import app

    if app.conf.task_always_eager:
        return True
    timeout = timeout or _timeout()
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    try:
        with app.connection_for_write(transport_options=options, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
            connection.default_channel.client.ping() if hasattr(
                connection.default_channel, "client"
            ) else None
    except Exception as error:
        logger.warning("Проверка брокера: недоступен (%s)", error)
        return False
    return True
