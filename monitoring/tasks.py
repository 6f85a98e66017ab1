from celery import shared_task

from jobs.celery_options import HEAVY, LIGHT, task_options
from monitoring import services


@shared_task(**task_options(HEAVY))
def execute_snapshot_run(run_id: int) -> None:
    services.snapshot_run_execute(run_id=run_id)


@shared_task(**task_options(LIGHT))
def take_due_snapshots() -> int:
    """Каждый час: наступил местный день этапа — снимок ставится в очередь (однажды на этап и регион)."""
    due = services.stages_due()
    for stage, region in due:
        services.snapshot_run_request(actor=None, stage=stage, region=region)
    return len(due)


@shared_task(**task_options(LIGHT))
def recompute_dirty_rollups() -> int:
    """После записи: пересчитать отмеченные регионы (безопасно дважды и параллельно)."""
    from monitoring import rollup

    return rollup.rollup_recompute_dirty()


@shared_task(**task_options(HEAVY))
def recompute_all_rollups() -> int:
    """Ночью: полный пересчёт хранимых показателей."""
    from monitoring import rollup

    return rollup.rollup_recompute_all()


@shared_task(**task_options(LIGHT))
def mark_new_day_rollups() -> int:
    """Каждый час: регионы, у которых начался новый местный день, — на пересчёт по отметке."""
    from monitoring import rollup

    return rollup.rollup_mark_new_day()
