from celery import shared_task

from jobs.celery_options import HEAVY, LIGHT, task_options


@shared_task(**task_options(LIGHT))
def recompute_suggestions(region_id: int, year: int) -> bool:
    """После правки пунктов карт: пересчитать подсказки сверки региона за год (идемпотентно)."""
    from alignment import suggestions

    return suggestions.recompute_from_task(region_id=region_id, year=year)


@shared_task(**task_options(LIGHT))
def recompute_stale_suggestions() -> int:
    """Раз в 5 минут: отметки, чей пересчёт брокер не принял."""
    from alignment import suggestions

    return suggestions.suggestions_recompute_stale()


@shared_task(**task_options(HEAVY))
def recompute_all_suggestions() -> int:
    """Ночью: все подсказки сверки заново (чинит пропущенное)."""
    from alignment import suggestions

    return suggestions.suggestions_recompute_all()
