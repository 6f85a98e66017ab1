"""Кто сделал изменение в истории (django-simple-history).

Правки из запроса подписываются вошедшим человеком (HistoryRequestMiddleware). Фоновая задача — не его
правка, даже когда Celery выполняет её прямо в запросе (eager, демо) или воркер делит поток: на время
задачи запрос «забывается», и версии без явного автора подписываются «система». Импорт пишет в версии
причину («Импорт: файл»), её показывает история.
"""

from __future__ import annotations

from contextlib import contextmanager

from simple_history.models import HistoricalRecords

_MISSING = object()


@contextmanager
def acting_as_system():
    saved = getattr(HistoricalRecords.context, "request", _MISSING)
    if saved is not _MISSING:
        del HistoricalRecords.context.request
    try:
        yield
    finally:
        if saved is not _MISSING:
            HistoricalRecords.context.request = saved


_active: dict[str, object] = {}


def _task_started(task_id=None, **_):
    manager = acting_as_system()
    manager.__enter__()
    _active[task_id] = manager


def _task_finished(task_id=None, **_):
    manager = _active.pop(task_id, None)
    if manager is not None:
        manager.__exit__(None, None, None)


def connect_task_signals() -> None:
    """Каждая задача Celery выполняется «от имени системы» (подключается один раз при старте)."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_started, weak=False, dispatch_uid="history-task-system-start")
    task_postrun.connect(_task_finished, weak=False, dispatch_uid="history-task-system-end")
