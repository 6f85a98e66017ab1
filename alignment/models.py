"""Связь «пункт муниципальной карты отвечает на пункт региональной карты»."""

from django.conf import settings
from django.db import models

from roadmaps.models import Item


class LinkSource(models.TextChoices):
    AUTHOR = "author", "указал автор муниципальной карты"
    REVIEWER = "reviewer", "принял проверяющий из подсказки"


class ItemLink(models.Model):
    municipal_item = models.ForeignKey(
        Item,
        on_delete=models.CASCADE,
        related_name="regional_links",
        verbose_name="пункт муниципальной карты",
    )
    regional_item = models.ForeignKey(
        Item,
        on_delete=models.CASCADE,
        related_name="municipal_links",
        verbose_name="пункт региональной карты",
    )
    source = models.CharField("кто связал", max_length=16, choices=LinkSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто связал (человек)",
    )
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "ответ на пункт региональной карты"
        verbose_name_plural = "ответы на пункты региональной карты"
        constraints = [
            models.UniqueConstraint(fields=["municipal_item", "regional_item"], name="itemlink_unique_pair"),
            models.CheckConstraint(
                name="itemlink_not_self", condition=~models.Q(municipal_item=models.F("regional_item"))
            ),
            models.CheckConstraint(
                name="itemlink_source_valid", condition=models.Q(source__in=LinkSource.values)
            ),
        ]
        indexes = [models.Index(fields=["regional_item"], name="itemlink_regional_idx")]

    def __str__(self) -> str:
        return f"{self.municipal_item} → {self.regional_item}"


class AlignmentSuggestion(models.Model):
    """Хранимая подсказка сверки: пункт муниципальной карты похож на пункт региональной. Пишет только
    ``alignment.suggestions.suggestions_recompute`` — заново для всего региона за год; страница сверки
    читает готовые строки вместо подсчёта сходства на каждый просмотр."""

    regional_item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="+", verbose_name="пункт региональной карты"
    )
    municipal_item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="+", verbose_name="похожий пункт муниципальной карты"
    )
    # Карта и регион — копии из пунктов: по ним видимость (scoping) и чтение одной сверки без соединений.
    municipal_map = models.ForeignKey(
        "roadmaps.RoadMap", on_delete=models.CASCADE, related_name="+", verbose_name="муниципальная карта"
    )
    region = models.ForeignKey(
        "schools.Region", on_delete=models.CASCADE, related_name="+", verbose_name="регион"
    )
    year = models.PositiveIntegerField("год")
    score = models.FloatField("сходство (доля общих основ слов)")
    computed_at = models.DateTimeField("когда посчитано")

    class Meta:
        verbose_name = "подсказка сверки"
        verbose_name_plural = "подсказки сверки"
        constraints = [
            models.UniqueConstraint(
                fields=["regional_item", "municipal_item"], name="suggestion_unique_pair"
            ),
            models.CheckConstraint(
                name="suggestion_score_range", condition=models.Q(score__gt=0) & models.Q(score__lte=1)
            ),
        ]
        indexes = [
            models.Index(fields=["region", "year"], name="suggestion_region_year_idx"),
            models.Index(fields=["municipal_map", "regional_item"], name="suggestion_map_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.municipal_item_id} ≈ {self.regional_item_id} ({self.score:.2f})"


class SuggestionRefresh(models.Model):
    """Состояние хранимых подсказок региона за год: когда посчитаны и с какого момента устарели (пункт
    карты изменили, подсказку отклонили). Устаревшие или ещё не посчитанные страница считает сама."""

    region = models.ForeignKey(
        "schools.Region", on_delete=models.CASCADE, related_name="+", verbose_name="регион"
    )
    year = models.PositiveIntegerField("год")
    computed_at = models.DateTimeField("посчитано", null=True, blank=True)
    stale_since = models.DateTimeField("устарело с", null=True, blank=True)

    class Meta:
        verbose_name = "пересчёт подсказок сверки"
        verbose_name_plural = "пересчёты подсказок сверки"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="suggestion_refresh_unique")]

    def __str__(self) -> str:
        state = "актуальны" if self.is_fresh else "устарели"
        return f"Подсказки сверки {self.region_id}, {self.year}: {state}"

    @property
    def is_fresh(self) -> bool:
        return self.computed_at is not None and self.stale_since is None


class SuggestionRejection(models.Model):
    """«Это не ответ»: муниципальный или региональный координатор отклонил подсказку — она больше не
    предлагается. Строка не удаляется при отмене: кто и когда отклонил и кто вернул — история сверки."""

    regional_item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="+", verbose_name="пункт региональной карты"
    )
    municipal_item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="+", verbose_name="отклонённый пункт муниципальной карты"
    )
    municipal_map = models.ForeignKey(
        "roadmaps.RoadMap", on_delete=models.CASCADE, related_name="+", verbose_name="муниципальная карта"
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто отклонил",
    )
    rejected_at = models.DateTimeField("когда отклонил")
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто вернул подсказку",
    )
    undone_at = models.DateTimeField("когда вернул", null=True, blank=True)

    class Meta:
        verbose_name = "отклонённая подсказка сверки"
        verbose_name_plural = "отклонённые подсказки сверки"
        constraints = [
            # Действующее отклонение пары — одно; отменённые остаются историей.
            models.UniqueConstraint(
                fields=["regional_item", "municipal_item"],
                condition=models.Q(undone_at__isnull=True),
                name="rejection_one_active_per_pair",
            ),
            models.CheckConstraint(
                name="rejection_undone_after_rejected",
                condition=models.Q(undone_at__isnull=True) | models.Q(undone_at__gte=models.F("rejected_at")),
            ),
        ]
        indexes = [models.Index(fields=["municipal_map", "rejected_at"], name="rejection_map_idx")]

    def __str__(self) -> str:
        return f"{self.municipal_item_id} не отвечает на {self.regional_item_id}"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None
