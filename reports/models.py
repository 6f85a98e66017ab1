"""Фоновые выгрузки: задание «собрать файл», его прогресс и готовый файл на время хранения.

Маленькие выгрузки отдаются сразу и здесь не записываются. Большие (сводка по стране, все документы
региона, всё, что длиннее REPORTS_SYNC_MAX_ROWS строк) собирает задача Celery; одинаковая выгрузка
одного человека, пока она идёт, второй раз не ставится — это держит ограничение в базе."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q


class ExportKind(models.TextChoices):
    ROADMAP = "roadmap", "дорожная карта"
    STAGE = "stage", "отчёт об этапе мониторинга"
    CURATOR = "curator", "отчёт о работе куратора со школой"
    NATIONAL = "national", "сводка по всем регионам"
    REGION_DOCUMENTS = "region_documents", "документы школ региона"
    ROADMAP_ITEMS = "roadmap_items", "мероприятия дорожных карт"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "в очереди"
    RUNNING = "running", "собирается"
    DONE = "done", "готово"
    FAILED = "failed", "ошибка"


ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def params_hash(params: dict) -> str:
    """Отпечаток параметров (вместе с форматом): одинаковые выгрузки дают одинаковый отпечаток."""
    canonical = json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class ExportJob(models.Model):
    kind = models.CharField("что выгружается", max_length=32, choices=ExportKind.choices)
    params = models.JSONField("параметры", default=dict)
    params_hash = models.CharField("отпечаток параметров", max_length=64, editable=False)
    title = models.CharField("название", max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="кто заказал"
    )
    status = models.CharField(
        "состояние", max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("готово, %", default=0)
    rows = models.PositiveIntegerField("строк", null=True, blank=True)
    message = models.CharField("сообщение", max_length=500, blank=True)
    # Файл лежит в хранилище под сгенерированным именем и отдаётся только представлением с проверкой прав.
    file = models.FileField("файл", max_length=255, blank=True)
    file_name = models.CharField("имя файла для скачивания", max_length=255, blank=True)
    content_type = models.CharField("тип файла", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("размер, байт", null=True, blank=True)
    created_at = models.DateTimeField("заказано", auto_now_add=True)
    started_at = models.DateTimeField("начато", null=True, blank=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)
    expires_at = models.DateTimeField("хранится до", null=True, blank=True)

    class Meta:
        verbose_name = "выгрузка"
        verbose_name_plural = "выгрузки"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "kind", "params_hash"],
                condition=Q(status__in=["queued", "running"]),
                name="export_one_active_per_request",
            ),
            models.CheckConstraint(name="export_status_valid", condition=Q(status__in=ExportStatus.values)),
            models.CheckConstraint(name="export_progress_percent", condition=Q(progress__lte=100)),
        ]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="export_requester_idx"),
            models.Index(fields=["expires_at"], name="export_expires_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.get_kind_display()} — {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.params_hash = params_hash(self.params)
        super().save(*args, **kwargs)

    @property
    def format(self) -> str:
        return self.params.get("format", "")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
