"""Фоновые задачи дорожных карт."""

from celery import shared_task

from roadmaps.services import imports


@shared_task(acks_late=True, soft_time_limit=150, time_limit=180)
def parse_roadmap_import(batch_id: int) -> None:
    """Большой файл или старый .doc/.xls (преобразование LibreOffice): разбор в фоне. Повтор безопасен —
    записанная загрузка не трогается, остальное просто разбирается заново."""
    imports.roadmap_import_parse(batch_id=batch_id)
