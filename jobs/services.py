"""Постановка заданий в очередь с учётом попыток, подметальщик зависшего и перезапуск из админки."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.plural import ATTEMPTS_GEN, ru_count
from jobs import registry
from jobs.enqueue import enqueue_after_commit
from jobs.models import JobDispatch

logger = logging.getLogger(__name__)

GAVE_UP_MESSAGE = (
    "Не выполнено: фоновая служба не взяла задание после {attempts}. "
    "Запустите его ещё раз; если повторится — сообщите администратору."
)


def _requeue_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "JOBS_REQUEUE_AFTER_SECONDS", 600))


def _send_failed(kind: str, object_id: int):
    def mark(error: str) -> None:
        try:  # после коммита: база могла стать недоступной — тогда подметальщик найдёт задание по времени
            JobDispatch.objects.filter(kind=kind, object_id=object_id).update(
                send_failed=True, last_error=error
            )
        except Exception:
            logger.exception("Не удалось отметить неудачную постановку %s №%s", kind, object_id)

    return mark


def job_dispatch(*, kind: str, obj) -> None:
    """Записывает постановку в текущей транзакции и ставит задачу после коммита. Брокер недоступен —
    запрос не падает: задание остаётся «в очереди», подметальщик поставит его, когда брокер вернётся."""
    spec = registry.get(kind)
    now = timezone.now()
    fields = {"attempts": 1, "enqueued_at": now, "send_failed": False, "last_error": "", "gave_up_at": None}
    with transaction.atomic():
        updated = JobDispatch.objects.filter(kind=kind, object_id=obj.pk).update(**fields)
        if not updated:
            try:
                with transaction.atomic():
                    JobDispatch.objects.create(kind=kind, object_id=obj.pk, **fields)
            except IntegrityError:  # параллельная постановка того же задания успела раньше
                JobDispatch.objects.filter(kind=kind, object_id=obj.pk).update(**fields)
    enqueue_after_commit(spec.task(), *spec.args(obj), on_failure=_send_failed(kind, obj.pk))


def jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Для beat (ежеминутно): задания, застрявшие «в очереди» или «выполняется», ставит снова; после
    max_attempts постановок отмечает неудавшимися с причиной, видной человеку. Возвращает число
    поставленных заново по видам."""
    now = now or timezone.now()
    requeued: dict[str, int] = {}
    for spec in registry.all_specs():
        requeued[spec.kind] = _sweep_one(spec, now)
    return requeued


def _sweep_one(spec: registry.JobSpec, now: datetime.datetime) -> int:
    model = spec.model()
    count = 0
    with transaction.atomic():
        rows = list(model.objects.select_for_update(skip_locked=True).filter(spec.queued | spec.running))
        if not rows:
            return 0
        running_ids = set(
            model.objects.filter(spec.running, pk__in=[r.pk for r in rows]).values_list("pk", flat=True)
        )
        dispatches = {
            d.object_id: d
            for d in JobDispatch.objects.select_for_update().filter(
                kind=spec.kind, object_id__in=[r.pk for r in rows]
            )
        }
        for row in rows:
            dispatch = dispatches.get(row.pk) or JobDispatch(kind=spec.kind, object_id=row.pk, attempts=1)
            if dispatch.gave_up_at is not None:
                continue
            last = dispatch.enqueued_at or getattr(row, "created_at", None) or now
            threshold = spec.running_stale_after if row.pk in running_ids else _requeue_after()
            if not dispatch.send_failed and last > now - threshold:
                continue
            if dispatch.attempts >= spec.max_attempts:
                reason = GAVE_UP_MESSAGE.format(attempts=ru_count(dispatch.attempts, *ATTEMPTS_GEN))
                spec.fail([row.pk], reason)
                dispatch.gave_up_at, dispatch.last_error = now, reason
                dispatch.save()
                logger.error("Задание %s №%s признано неудавшимся: %s", spec.kind, row.pk, reason)
                continue
            dispatch.attempts += 1
            dispatch.enqueued_at, dispatch.send_failed = now, False
            dispatch.save()
            enqueue_after_commit(spec.task(), *spec.args(row), on_failure=_send_failed(spec.kind, row.pk))
            logger.warning(
                "Задание %s №%s поставлено снова (попытка %s)", spec.kind, row.pk, dispatch.attempts
            )
            count += 1
    return count


def submitted_forms_purge(*, now: datetime.datetime | None = None) -> int:
    """Одноразовые ключи форм нужны минуты (двойной щелчок, повтор браузера); храним сутки."""
    from jobs.models import SubmittedForm

    now = now or timezone.now()
    deleted, _ = SubmittedForm.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()
    return deleted


def job_restart(*, kind: str, object_id: int) -> bool:
    """«Перезапустить» (админка): неудавшееся или зависшее задание — снова в очередь, попытки с нуля.
    Готовое не трогает. False — перезапускать нечего (или такое же задание уже идёт)."""
    spec = registry.get(kind)
    model = spec.model()
    try:
        with transaction.atomic():
            obj = model.objects.select_for_update().filter(pk=object_id).first()
            if obj is None or spec.restart is None:
                return False
            active = model.objects.filter(spec.queued | spec.running, pk=object_id).exists()
            failed = JobDispatch.objects.filter(
                kind=kind, object_id=object_id, gave_up_at__isnull=False
            ).exists()
            if not active and not _restartable(obj):
                return False
            if not active or failed:
                spec.restart(obj)
            job_dispatch(kind=kind, obj=obj)
    except IntegrityError:  # такое же задание уже в очереди (ограничение «одно активное»)
        return False
    return True


def _restartable(obj) -> bool:
    status = getattr(obj, "status", None)
    return status in ("failed", "pending") and (status != "pending" or bool(getattr(obj, "apply_error", "")))


def dispatch_info(kind: str, object_ids) -> dict[int, JobDispatch]:
    """Попытки и ошибки постановок для списка заданий — одним запросом (админка, страницы заданий)."""
    return {d.object_id: d for d in JobDispatch.objects.filter(kind=kind, object_id__in=list(object_ids))}
