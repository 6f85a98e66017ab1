from celery import shared_task

from reports import services


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def execute_export_job(job_id: int) -> None:
    services.export_job_execute(job_id=job_id)


@shared_task(acks_late=True)
def purge_expired_exports() -> int:
    """Каждый час: файлы выгрузок, срок хранения которых истёк, удаляются из хранилища."""
    return services.export_jobs_purge()
