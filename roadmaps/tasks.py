"""Фоновые задачи дорожных карт."""

from celery import shared_task

from jobs.celery_options import HEAVY, task_options
from roadmaps.services import imports

_OPTIONS = task_options(HEAVY)
_OPTIONS.update(soft_time_limit=150, time_limit=180)  # преобразование LibreOffice ограничено и так


@shared_task(**_OPTIONS)
def parse_roadmap_import(batch_id: int) -> None:
    """Большой файл или старый .doc/.xls (преобразование LibreOffice): разбор в фоне. Повтор безопасен —
    записанная загрузка не трогается, остальное просто разбирается заново."""
    imports.roadmap_import_parse(batch_id=batch_id)
