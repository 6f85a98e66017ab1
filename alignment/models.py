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
