"""Работа со школами: посещения кураторов, документы школ с подтверждением куратором, загрузка рисковых
профилей из Excel. Рисковые профили и каталог рисков — в schools.models (это справочник года)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from config.versioning import VersionedModel
from schools.models import Region, RiskProfileLevel, School, year_validators

PROGRAMME_START = datetime.date(2021, 1, 1)


class VisitKind(models.TextChoices):
    FIRST = "first", "первичное посещение"
    CONSULTATION = "consultation", "консультация"
    MONITORING = "monitoring", "мониторинговый визит"
    OTHER = "other", "другое"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "запланировано"
    DONE = "done", "проведено"


class Visit(VersionedModel):
    """Посещение школы куратором: запланированное (график посещений) или проведённое."""

    # PROTECT: посещения — отчётность куратора (по ним платят), школу с ними удалить нельзя.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="visits", verbose_name="школа")
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits", verbose_name="куратор"
    )
    status = models.CharField(
        "состояние", max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    kind = models.CharField("вид посещения", max_length=16, choices=VisitKind.choices)
    date = models.DateField("дата")
    purpose = models.TextField("цель посещения")
    findings = models.TextField("результаты (что увидели)", blank=True)
    recommendations = models.TextField("рекомендации", blank=True)
    next_steps = models.TextField("договорённости о дальнейших шагах", blank=True)
    participants = models.TextField("участники", blank=True, help_text="ФИО и должности, по одному в строке")
    completed_at = models.DateTimeField("отмечено проведённым", null=True, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "посещение школы"
        verbose_name_plural = "посещения школ"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(name="visit_status_valid", condition=Q(status__in=VisitStatus.values)),
            models.CheckConstraint(name="visit_kind_valid", condition=Q(kind__in=VisitKind.values)),
            models.CheckConstraint(name="visit_purpose_not_empty", condition=~Q(purpose="")),
            # Проведённое посещение без результатов — это не отчёт, а отметка «был».
            models.CheckConstraint(
                name="visit_done_has_findings", condition=Q(status=VisitStatus.PLANNED) | ~Q(findings="")
            ),
            models.CheckConstraint(name="visit_date_in_programme", condition=Q(date__gte=PROGRAMME_START)),
        ]
        indexes = [
            models.Index(fields=["school", "date"], name="visit_school_date_idx"),
            models.Index(fields=["curator", "date"], name="visit_curator_date_idx"),
            models.Index(fields=["status", "date"], name="visit_status_date_idx"),
            # Лента посещений (новые сверху, по 50): первые строки — по индексу, без сортировки всех.
            models.Index(fields=["-date", "-id"], name="visit_date_desc_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} {self.date:%d.%m.%Y} — {self.school}"

    @property
    def is_done(self) -> bool:
        return self.status == VisitStatus.DONE


class StoredFile(models.Model):
    """Общее у файлов: лежат в хранилище под сгенерированным именем, показываются под очищенным."""

    file = models.FileField("файл", max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    content_type = models.CharField("тип", max_length=100)
    size = models.PositiveBigIntegerField("размер, байт")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто загрузил",
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        abstract = True


class VisitAttachment(StoredFile):
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="attachments", verbose_name="посещение"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "вложение к посещению"
        verbose_name_plural = "вложения к посещениям"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DocumentKind(models.TextChoices):
    CONCEPT = "concept", "концепция развития"
    MIDTERM = "midterm", "среднесрочная программа развития"
    ANTIRISK = "antirisk", "антирисковая программа"
    MONITORING_1 = "monitoring_1", "подтверждающие документы, мониторинг этап 1"
    MONITORING_2 = "monitoring_2", "подтверждающие документы, мониторинг этап 2"
    OTHER = "other", "другой документ"


# Виды, у которых в году у школы ровно один документ (у антирисковых — по одному на направление).
SINGLE_KINDS = (
    DocumentKind.CONCEPT,
    DocumentKind.MIDTERM,
    DocumentKind.MONITORING_1,
    DocumentKind.MONITORING_2,
)


class DocumentStatus(models.TextChoices):
    UPLOADED = "uploaded", "загружен, ждёт проверки"
    CONFIRMED = "confirmed", "подтверждён куратором"
    RETURNED = "returned", "возвращён на доработку"


class SchoolDocument(VersionedModel):
    """Документ школы за год. Файлы — его версии: новая загрузка не стирает старые.
    «Не загружен» — это отсутствие документа, поэтому такого состояния в поле нет."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="documents", verbose_name="школа"
    )
    year = models.PositiveSmallIntegerField("год", validators=year_validators)
    kind = models.CharField("вид", max_length=16, choices=DocumentKind.choices)
    direction = models.ForeignKey(
        RiskProfileLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="antirisk_documents",
        verbose_name="рисковое направление",
    )
    title = models.CharField("название", max_length=255, blank=True)
    status = models.CharField(
        "состояние", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.UPLOADED
    )
    review_comment = models.TextField("комментарий куратора", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто проверил",
    )
    reviewed_at = models.DateTimeField("проверен", null=True, blank=True)
    # RESTRICT, а не SET_NULL: подтверждение без версии запрещено ограничением ниже. Документ удаляется
    # вместе с версиями; одну подтверждённую версию удалить нельзя — сначала вернуть документ школе.
    confirmed_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="подтверждённая версия",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "документ школы"
        verbose_name_plural = "документы школ"
        ordering = ["year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(name="document_kind_valid", condition=Q(kind__in=DocumentKind.values)),
            models.CheckConstraint(
                name="document_status_valid", condition=Q(status__in=DocumentStatus.values)
            ),
            models.CheckConstraint(
                name="document_direction_only_antirisk",
                condition=Q(kind=DocumentKind.ANTIRISK, direction__isnull=False)
                | (~Q(kind=DocumentKind.ANTIRISK) & Q(direction__isnull=True)),
            ),
            models.CheckConstraint(
                name="document_other_has_title", condition=~Q(kind=DocumentKind.OTHER) | ~Q(title="")
            ),
            models.CheckConstraint(
                name="document_returned_has_comment",
                condition=~Q(status=DocumentStatus.RETURNED) | ~Q(review_comment=""),
            ),
            models.CheckConstraint(
                name="document_confirmed_has_version",
                condition=~Q(status=DocumentStatus.CONFIRMED) | Q(confirmed_version__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["school", "year", "kind"],
                condition=Q(kind__in=SINGLE_KINDS),
                name="document_unique_kind_in_year",
            ),
            models.UniqueConstraint(
                fields=["direction"], condition=Q(direction__isnull=False), name="document_unique_direction"
            ),
        ]
        indexes = [models.Index(fields=["year", "school", "kind"], name="document_year_school_idx")]

    def __str__(self) -> str:
        return f"{self.label} — {self.school} ({self.year})"

    @property
    def label(self) -> str:
        if self.kind == DocumentKind.OTHER:
            return self.title
        if self.kind == DocumentKind.ANTIRISK and self.direction_id:
            return f"Антирисковая программа: {self.direction.factor.title}"
        return self.get_kind_display().capitalize()


class DocumentVersion(StoredFile):
    document = models.ForeignKey(
        SchoolDocument, on_delete=models.CASCADE, related_name="versions", verbose_name="документ"
    )
    number = models.PositiveIntegerField("версия")
    comment = models.TextField("комментарий к версии", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "версия документа"
        verbose_name_plural = "версии документов"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number"),
            models.CheckConstraint(name="document_version_number_positive", condition=Q(number__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (версия {self.number})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "ждёт подтверждения"
    APPLYING = "applying", "записывается"
    APPLIED = "applied", "применён"
    DISCARDED = "discarded", "отменён"


class RiskImportBatch(models.Model):
    """Загруженный файл рисковых профилей между предпросмотром и подтверждением.

    Храним разобранные строки, а не файл и не сессию: подтверждение применяет ровно то, что человек
    видел в предпросмотре, и только он сам (пакет привязан к автору и региону)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name="регион")
    year = models.PositiveSmallIntegerField("год", validators=year_validators)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="кто загрузил"
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    original_name = models.CharField("имя файла", max_length=255)
    status = models.CharField(
        "состояние", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows = models.JSONField(
        "строки", default=list
    )  # [{"row": 5, "school_id": 1, "levels": {factor_id: level}}]
    errors = models.JSONField("ошибки", default=list)  # [{"row": 5, "message": "…"}]
    row_count = models.PositiveIntegerField("строк в файле", default=0)
    applied_at = models.DateTimeField("применён", null=True, blank=True)
    applied_count = models.PositiveIntegerField("профилей записано", default=0)
    apply_error = models.TextField("почему не записано", blank=True)  # для записи в фоне

    # Строки в истории не дублируем: они большие, а пакет после применения не меняется.
    history = HistoricalRecords(excluded_fields=["rows"])

    class Meta:
        verbose_name = "загрузка рисковых профилей"
        verbose_name_plural = "загрузки рисковых профилей"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="import_status_valid", condition=Q(status__in=ImportStatus.values)),
            models.CheckConstraint(
                name="import_applied_has_time",
                condition=~Q(status=ImportStatus.APPLIED) | Q(applied_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["created_by", "created_at"], name="import_author_idx")]

    def __str__(self) -> str:
        return f"Загрузка РПШ {self.region} {self.year} ({self.original_name})"
