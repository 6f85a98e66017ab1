from celery import shared_task

from jobs.celery_options import HEAVY, task_options
from schoolwork import services


@shared_task(**task_options(HEAVY))
def apply_risk_import(batch_id: int, actor_id: int) -> int | None:
    """Большая загрузка рисковых профилей: запись в фоне. Идемпотентна — пишет, только пока пакет
    в состоянии «записывается»."""
    return services.risk_profiles_import_run(batch_id=batch_id, actor_id=actor_id)
