"""Реестр видов фоновых заданий для подметальщика. Приложение описывает своё задание одним JobSpec
и регистрирует его (register) — например, преобразование старых документов или пересчёт сводных
показателей: подметальщик, админка и «перезапустить» сразу работают и для него.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class JobSpec:
    kind: str  # «reports.export» — имя в журнале постановок
    model: Callable[[], type]  # лениво: модели ещё не загружены, когда описывается вид
    task: Callable[[], object]  # лениво: задача Celery
    queued: Q  # строки «в очереди»
    running: Q  # строки «выполняется»
    fail: Callable[[list[int], str], None]  # отметить неудачу с причиной, видной человеку
    args: Callable[[object], tuple] = lambda obj: (obj.pk,)
    # «Выполняется» дольше жёсткого срока задачи — значит, воркер погиб, а сообщение потерялось.
    running_stale_after: timedelta = timedelta(minutes=35)
    max_attempts: int = 5
    restart: Callable[[object], None] | None = None  # вернуть неудавшееся в очередь (админка)

    def active(self) -> QuerySet:
        return self.model().objects.filter(self.queued | self.running)


_SPECS: dict[str, JobSpec] = {}


def register(spec: JobSpec) -> JobSpec:
    _SPECS[spec.kind] = spec
    return spec


def get(kind: str) -> JobSpec:
    _load_builtin()
    return _SPECS[kind]


def all_specs() -> list[JobSpec]:
    _load_builtin()
    return list(_SPECS.values())


def _load_builtin() -> None:
    import jobs.specs  # noqa: F401 — регистрирует задания приложений проекта
