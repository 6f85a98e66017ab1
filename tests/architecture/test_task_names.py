"""Задачи, которые ставятся по имени (jobs.enqueue.task_named), и задачи расписания beat находятся по
своему имени, и это имя — то, под которым их знает Celery: опечатка в строке не ждёт первого вызова."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from jobs import registry
from jobs.enqueue import task_named

ROOT = Path(__file__).resolve().parents[2]
TASK_NAME = re.compile(r"""["']((?:[a-z_]+\.)+tasks\.[a-z_]+)["']""")


def names_in_code() -> set[str]:
    names: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if {".venv", "tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        names |= set(TASK_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def test_task_names_are_found_in_code():
    assert {"notifications.tasks.send_digest", "monitoring.tasks.recompute_dirty_rollups"} <= names_in_code()


BEAT_NAMES = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


@pytest.mark.parametrize("name", sorted(names_in_code() | BEAT_NAMES))
def test_task_name_resolves_to_the_celery_task_of_that_name(name):
    assert task_named(name).name == name


def test_every_registered_job_has_its_model_and_task():
    specs = registry.all_specs()
    assert {spec.kind for spec in specs} >= {"reports.export", "monitoring.snapshot", "jobs.mail"}
    for spec in specs:
        assert spec.model()._meta.label == spec.model_label
        assert spec.task().name == spec.task_name
