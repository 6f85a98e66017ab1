"""Реестр видов фоновых заданий для подметальщика. Приложение описывает своё задание одним JobSpec
и регистрирует его (register) — например, преобразование старых документов или пересчёт сводных
показателей: подметальщик, админка и «перезапустить» сразу работают и для него. Задания проекта
(jobs/specs.py) регистрирует JobsConfig.ready — реестр сам их не импортирует (иначе круг импортов).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Q, QuerySet

from jobs.enqueue import task_named


@dataclass(frozen=True)
class JobSpec:
    kind: str  # «reports.export» — имя в журнале постановок
    model_label: str  # «reports.ExportJob»: модель берётся лениво — когда описывается вид, её ещё нет
    task_name: str  # «reports.tasks.execute_export_job» — задача Celery по имени (jobs.enqueue.task_named)
    queued: Q  # строки «в очереди»
    running: Q  # строки «выполняется»
    fail: Callable[[list[int], str], None]  # отметить неудачу с причиной, видной человеку
    args: Callable[[object], tuple] = lambda obj: (obj.pk,)
    # «Выполняется» дольше жёсткого срока задачи — значит, воркер погиб, а сообщение потерялось.
    running_stale_after: timedelta = timedelta(minutes=35)
    max_attempts: int = 5
    restart: Callable[[object], None] | None = None  # вернуть неудавшееся в очередь (админка)

    def model(self) -> type:
        return apps.get_model(self.model_label)

    def task(self):
        return task_named(self.task_name)

    def active(self) -> QuerySet:
        return self.model().objects.filter(self.queued | self.running)


_SPECS: dict[str, JobSpec] = {}


def register(spec: JobSpec) -> JobSpec:
    _SPECS[spec.kind] = spec
    return spec


def get(kind: str) -> JobSpec:
    return _SPECS[kind]


def all_specs() -> list[JobSpec]:
    return list(_SPECS.values())
