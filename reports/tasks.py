from celery import shared_task

from jobs.celery_options import HEAVY, LIGHT, task_options
from reports import services


@shared_task(**task_options(HEAVY))
def execute_export_job(job_id: int) -> None:
    services.export_job_execute(job_id=job_id)


@shared_task(**task_options(LIGHT))
def purge_expired_exports() -> int:
    """Каждый час: файлы выгрузок, срок хранения которых истёк, удаляются из хранилища."""
    return services.export_jobs_purge()
