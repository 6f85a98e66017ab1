"""Загрузка дорожной карты из файла между загрузкой и записью: файл лежит в хранилище, рядом —
разобранный черновик (то, что человек видит в предпросмотре) и его выбор (лист, столбцы)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ImportStatus(models.TextChoices):
    PARSING = "parsing", "разбирается"
    READY = "ready", "готов предпросмотр"
    FAILED = "failed", "не удалось прочитать"
    APPLIED = "applied", "записан в карту"


class RoadMapImport(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="кто загрузил"
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    file = models.FileField("файл", max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    size = models.PositiveBigIntegerField("размер, байт")
    target = models.ForeignKey(
        "roadmaps.RoadMap",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="карта, из которой начата загрузка",
    )
    status = models.CharField(
        "состояние", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PARSING
    )
    progress = models.PositiveSmallIntegerField("готово, %", default=0)
    error = models.TextField("почему не прочитан", blank=True)
    options = models.JSONField(
        "выбор человека", default=dict, blank=True
    )  # {"sheet": 0, "mapping": {"2": "period"}}
    parsed = models.JSONField("разобранный черновик", default=dict, blank=True)
    result = models.ForeignKey(
        "roadmaps.RoadMap",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="записан в карту",
    )
    applied_at = models.DateTimeField("записан", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка дорожной карты из файла"
        verbose_name_plural = "загрузки дорожных карт из файлов"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="roadmap_import_status_valid", condition=Q(status__in=ImportStatus.values)
            ),
            models.CheckConstraint(
                name="roadmap_import_progress_range", condition=Q(progress__gte=0, progress__lte=100)
            ),
        ]
        indexes = [models.Index(fields=["created_by", "created_at"], name="roadmap_import_author_idx")]

    def __str__(self) -> str:
        return f"Загрузка «{self.original_name}» ({self.get_status_display()})"
