"""Выгрузки: собрать сразу, поставить в очередь, выполнить задание, отдать прогресс, убрать просроченное.

Задание идемпотентно: готовое или упавшее второй раз не выполняется, повторная доставка задачи
(воркер упал посреди работы) просто собирает файл заново. Пока одинаковая выгрузка человека идёт,
вторая не ставится: её не пускает условное ограничение уникальности в базе."""

from __future__ import annotations

import datetime
import logging
import tempfile
import uuid
from typing import BinaryIO

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from jobs.celery_options import CONNECTION_ERRORS
from jobs.locks import job_lease
from jobs.services import job_dispatch
from reports.builders.base import Built, Progress, no_progress
from reports.formats import PDF
from reports.kinds import KINDS, ExportSpec
from reports.models import ACTIVE_STATUSES, ExportJob, ExportStatus, params_hash

logger = logging.getLogger(__name__)

PROGRESS_KEY = "reports:export-job:{}:progress"
STORAGE_DIR = "exports"
FAILED_MESSAGE = (
    "Ошибка: файл не собрался. Закажите выгрузку ещё раз; если повторится — сообщите администратору."
)
# Задание, которое столько времени не завершилось, считается потерянным (воркер умер без повтора):
# иначе ограничение «одно активное» навсегда не дало бы заказать ту же выгрузку снова.
STALE_AFTER = datetime.timedelta(hours=6)
EXPORT_JOB = "reports.export"  # вид задания в jobs.specs
PDF_ROW_COST = 10


def export_spec(kind: str) -> ExportSpec:
    return KINDS[kind]


def export_is_big(*, kind: str, params: dict, fmt: str) -> bool:
    """Больше порога — в фон. Строка PDF (вёрстка WeasyPrint) стоит примерно как десять строк Excel:
    60 мероприятий — ~0,6 с, поэтому для PDF порог в десять раз ниже и запрос не ждёт дольше пары секунд."""
    limit = settings.REPORTS_SYNC_MAX_ROWS
    return KINDS[kind].is_big(params, limit // PDF_ROW_COST if fmt == PDF else limit)


def export_build(
    *, kind: str, params: dict, fmt: str, out: BinaryIO, progress: Progress = no_progress
) -> Built:
    """Собирает файл сразу (права уже проверены вызывающим)."""
    return KINDS[kind].build(params, fmt, out, progress)


def export_request(*, actor: User, kind: str, params: dict, title: str) -> ExportJob:
    """Ставит выгрузку в очередь. Такая же уже идёт — возвращает её, второе задание не создаётся.
    Задание и его постановка пишутся одной транзакцией; брокер недоступен — задание ждёт в базе
    «в очереди», его поставит подметальщик (jobs.services.jobs_sweep)."""
    active = ExportJob.objects.filter(
        requested_by=actor, kind=kind, params_hash=params_hash(params), status__in=ACTIVE_STATUSES
    )
    existing = active.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(kind=kind, params=params, requested_by=actor, title=title[:500])
            job_dispatch(kind=EXPORT_JOB, obj=job)
    except IntegrityError:  # параллельный запрос успел раньше — отдаём его задание
        return active.get()
    return job


def export_job_progress(job: ExportJob) -> int:
    """Во время сборки прогресс идёт через кэш (строку задания сборка не трогает: она читает данные
    в отдельной транзакции), по завершении — из строки."""
    if job.status == ExportStatus.RUNNING:
        return max(job.progress, cache.get(PROGRESS_KEY.format(job.pk), 0))
    return job.progress


class _ProgressReporter:
    def __init__(self, job_id: int):
        self.key = PROGRESS_KEY.format(job_id)
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = min(99, int(100 * done / total)) if total else 0
        if percent != self.last:
            self.last = percent
            cache.set(self.key, percent, timeout=6 * 3600)


def export_job_execute(*, job_id: int) -> ExportJob | None:
    """Собирает файл задания. Задание, которое сейчас собирает другой воркер (повторная постановка),
    не трогает; ошибка соединения с базой уходит наверх — задача повторится (jobs.celery_options)."""
    with job_lease(EXPORT_JOB, job_id) as mine:
        if not mine:
            return None
        return _export_job_execute(job_id)


def _export_job_execute(job_id: int) -> ExportJob | None:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return job
        job.status, job.started_at, job.progress = ExportStatus.RUNNING, timezone.now(), 0
        job.save(update_fields=["status", "started_at", "progress"])
    params = dict(job.params)
    fmt = params.pop("format")
    try:
        with tempfile.TemporaryFile() as tmp:
            built = KINDS[job.kind].build(params, fmt, tmp, _ProgressReporter(job.pk))
            size = tmp.tell()
            tmp.seek(0)
            # Имя в хранилище — случайное: по нему не угадать чужой файл (и отдаёт его только представление).
            name = default_storage.save(f"{STORAGE_DIR}/{uuid.uuid4().hex}.{fmt}", File(tmp))
    except CONNECTION_ERRORS:
        raise  # база или брокер недоступны — не вина выгрузки: задача повторится позже
    except Exception:
        # Подробности — в журнал; человеку — понятное сообщение без внутренностей (SQL, пути).
        logger.exception("Выгрузка %s не собралась", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), message=FAILED_MESSAGE
        )
        job.refresh_from_db()
        return job
    finished = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        progress=100,
        file=name,
        file_name=built.file_name,
        content_type=built.content_type,
        size=size,
        rows=built.rows,
        finished_at=finished,
        expires_at=finished + datetime.timedelta(hours=settings.REPORTS_FILE_TTL_HOURS),
        message=f"Строк: {built.rows}" + (f", страниц: {built.pages}" if built.pages else ""),
    )
    cache.delete(PROGRESS_KEY.format(job.pk))
    job.refresh_from_db()
    return job


def export_job_available(job: ExportJob, *, now: datetime.datetime | None = None) -> bool:
    """Файл готов и ещё хранится."""
    now = now or timezone.now()
    return (
        job.status == ExportStatus.DONE
        and bool(job.file)
        and job.expires_at is not None
        and job.expires_at > now
    )


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Для beat: удаляет файлы с истёкшим сроком хранения и закрывает потерянные задания."""
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file="").only("pk", "file").iterator():
        default_storage.delete(job.file.name)
        ExportJob.objects.filter(pk=job.pk).update(file="", message="Файл удалён: истёк срок хранения")
        purged += 1
    ExportJob.objects.filter(status__in=ACTIVE_STATUSES, created_at__lt=now - STALE_AFTER).update(
        status=ExportStatus.FAILED,
        finished_at=now,
        message="Выгрузка не завершилась вовремя — закажите её заново",
    )
    return purged
