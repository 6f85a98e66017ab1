"""Этапы мониторинга и снимки показателей на дату этапа. Снимок неизменяем: повторный снимок того же
этапа заменяет прежний целиком в одной транзакции."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from schools.models import Municipality, Region, School, year_validators


class MonitoringStage(models.Model):
    """Этап мониторинга года. Без региона — федеральный этап для всех регионов."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_stages",
        verbose_name="регион",
    )
    year = models.PositiveSmallIntegerField("год", validators=year_validators)
    title = models.CharField("название", max_length=100, help_text="Например: «1-й этап»")
    date = models.DateField("дата этапа")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто создал",
    )

    class Meta:
        verbose_name = "этап мониторинга"
        verbose_name_plural = "этапы мониторинга"
        ordering = ["year", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "title"], name="stage_unique_title_in_region"),
            models.UniqueConstraint(
                fields=["year", "title"], condition=Q(region__isnull=True), name="stage_unique_title_federal"
            ),
        ]
        indexes = [models.Index(fields=["date"], name="stage_date_idx")]

    def __str__(self) -> str:
        where = self.region or "все регионы"
        return f"{self.title} {self.year} ({where}) — {self.date:%d.%m.%Y}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "в очереди"
    RUNNING = "running", "снимается"
    DONE = "done", "готово"
    FAILED = "failed", "ошибка"


class SnapshotRun(models.Model):
    """Задание «снять показатели»: его состояние и прогресс видны, пока идёт работа.
    Одновременно по этапу и региону — не больше одного незавершённого задания."""

    stage = models.ForeignKey(
        MonitoringStage, on_delete=models.CASCADE, related_name="runs", verbose_name="этап"
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="регион (пусто — все регионы этапа)",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто запустил",
    )
    status = models.CharField("состояние", max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("готово, %", default=0)
    message = models.CharField("сообщение", max_length=500, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)

    class Meta:
        verbose_name = "задание снимка"
        verbose_name_plural = "задания снимков"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "region"],
                condition=Q(status__in=["queued", "running"]),
                name="run_one_active_per_stage_region",
            ),
            models.UniqueConstraint(
                fields=["stage"],
                condition=Q(status__in=["queued", "running"], region__isnull=True),
                name="run_one_active_per_stage_all_regions",
            ),
        ]

    def __str__(self) -> str:
        return f"Снимок {self.stage} — {self.get_status_display()} ({self.progress}%)"


class Snapshot(models.Model):
    """Показатели региона на дату этапа — по региону, его муниципалитетам и школам, и состояние
    каждого мероприятия. Не меняется; повторный снимок заменяет его целиком."""

    stage = models.ForeignKey(
        MonitoringStage, on_delete=models.CASCADE, related_name="snapshots", verbose_name="этап"
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="snapshots", verbose_name="регион"
    )
    as_of = models.DateField("на дату")
    taken_at = models.DateTimeField("снят", auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто снял",
    )

    class Meta:
        verbose_name = "снимок мониторинга"
        verbose_name_plural = "снимки мониторинга"
        ordering = ["-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "region"], name="snapshot_one_per_stage_region")
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.stage.title} {self.stage.year} на {self.as_of:%d.%m.%Y}"


class Level(models.TextChoices):
    REGION = "region", "регион"
    MUNICIPALITY = "municipality", "муниципалитет"
    SCHOOL = "school", "школа"


class FigureCounts(models.Model):
    """Числители и знаменатели всех показателей (поля — monitoring.figures.COUNT_FIELDS): общие для строки
    снимка (FigureRow) и хранимых показателей (FigureRollup). Абстрактная: своей таблицы нет, столбцы —
    в таблицах наследников, как и раньше."""

    items_total = models.PositiveIntegerField("мероприятий", default=0)
    items_done = models.PositiveIntegerField("исполнено к дате", default=0)
    schools_total = models.PositiveIntegerField("школ", default=0)
    schools_visited = models.PositiveIntegerField("посещено куратором", default=0)
    profiles_verified = models.PositiveIntegerField("РПШ проверен, 2+ направления", default=0)
    concept_confirmed = models.PositiveIntegerField("концептуальные документы подтверждены", default=0)
    stage1_confirmed = models.PositiveIntegerField("документы 1 этапа подтверждены", default=0)
    stage2_confirmed = models.PositiveIntegerField("документы 2 этапа подтверждены", default=0)
    risk_decreased = models.PositiveIntegerField("риски снижены", default=0)
    municipalities_total = models.PositiveIntegerField("муниципалитетов", default=0)
    maps_approved = models.PositiveIntegerField("утверждённых муниципальных карт", default=0)

    class Meta:
        abstract = True


class FigureRow(FigureCounts):
    """Числители и знаменатели всех показателей одного объекта в снимке (строка на регион,
    муниципалитет или школу). Доли считаются при показе: так их можно складывать по уровням."""

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="rows", verbose_name="снимок"
    )
    level = models.CharField("уровень", max_length=16, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name="регион")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="школа"
    )

    class Meta:
        verbose_name = "строка показателей"
        verbose_name_plural = "строки показателей"
        indexes = [models.Index(fields=["snapshot", "level"], name="figurerow_snapshot_level_idx")]
        constraints = [
            models.CheckConstraint(
                name="figurerow_level_matches_object",
                condition=Q(level="region", municipality__isnull=True, school__isnull=True)
                | Q(level="municipality", municipality__isnull=False, school__isnull=True)
                | Q(level="school", school__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.school or self.municipality or self.region}"


class SnapshotItem(models.Model):
    """Состояние мероприятия на дату снимка. Ссылки на карту и мероприятие — просто числа: снимок
    переживает удаление мероприятия и не меняется вместе с ним."""

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="items", verbose_name="снимок"
    )
    roadmap_id = models.PositiveBigIntegerField("карта")
    item_id = models.PositiveBigIntegerField("мероприятие")
    level = models.CharField("уровень карты", max_length=16)
    municipality_id = models.PositiveBigIntegerField("муниципалитет", null=True)
    school_id = models.PositiveBigIntegerField("школа", null=True)
    status = models.CharField("исполнение", max_length=16)
    done_by_date = models.BooleanField("исполнено к дате")
    period_end = models.DateField("срок", null=True)
    indicator_figure = models.CharField("связанный показатель", max_length=32, blank=True)
    target_value = models.DecimalField("цель", max_digits=12, decimal_places=2, null=True)
    actual_value = models.DecimalField("факт на дату", max_digits=12, decimal_places=2, null=True)

    class Meta:
        verbose_name = "мероприятие в снимке"
        verbose_name_plural = "мероприятия в снимках"
        indexes = [models.Index(fields=["snapshot", "roadmap_id"], name="snapshotitem_map_idx")]

    def __str__(self) -> str:
        return f"Мероприятие {self.item_id}: {self.status}"


class RollupLevel(models.TextChoices):
    COUNTRY = "country", "страна"
    REGION = "region", "регион"
    MUNICIPALITY = "municipality", "муниципалитет"
    SCHOOL = "school", "школа"


class FigureRollup(FigureCounts):
    """Хранимые показатели на сегодня (числители и знаменатели) по школе, муниципалитету, региону
    и стране за год. Пересчитываются по отметкам RollupDirty (после каждой записи) и целиком каждую
    ночь; эталон — monitoring.figures.compute. object_key — id объекта уровня (у страны 0)."""

    year = models.PositiveSmallIntegerField("год")
    level = models.CharField("уровень", max_length=16, choices=RollupLevel.choices)
    object_key = models.PositiveBigIntegerField("id объекта (у страны 0)")
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="школа"
    )
    as_of = models.DateField("на дату")
    computed_at = models.DateTimeField("пересчитано")

    class Meta:
        verbose_name = "хранимые показатели"
        verbose_name_plural = "хранимые показатели"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "level", "object_key"], name="rollup_one_per_object_year"
            ),
            models.CheckConstraint(
                name="rollup_level_matches_object",
                condition=Q(level="country", region__isnull=True, object_key=0)
                | Q(level="region", region__isnull=False, municipality__isnull=True, school__isnull=True)
                | Q(level="municipality", municipality__isnull=False, school__isnull=True)
                | Q(level="school", school__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["year", "region", "level"], name="rollup_year_region_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.object_key}, {self.year}: на {self.as_of:%d.%m.%Y}"


class RollupDirty(models.Model):
    """Отметка «показатели региона за год устарели»: ставится в той же транзакции, что и запись,
    снимается задачей пересчёта, если за время пересчёта её не поставили снова (marked_at)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name="регион")
    year = models.PositiveSmallIntegerField("год")
    marked_at = models.DateTimeField("отмечено")

    class Meta:
        verbose_name = "устаревшие показатели"
        verbose_name_plural = "устаревшие показатели"
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="rollup_dirty_one_per_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year} с {self.marked_at:%d.%m.%Y %H:%M}"
