"""Исполнение мероприятия: состояние, дата выполнения, комментарий, фактическое значение.

План и исполнение разделены: утверждение закрывает план (описание, срок, показатель и цель,
ответственные, порядок), а исполнение открыто весь год — и после утверждения. Поэтому здесь нет
ensure_editable: права (хозяин карты или ответственный за мероприятие) проверяет
access.can_update_execution до вызова.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from roadmaps.models import Item, ItemStatus, TargetKind
from roadmaps.services.common import EditConflict

EXECUTION_FIELDS = ("status", "completed_on", "status_comment", "actual_value")


def _check_execution(item: Item) -> None:
    if item.status not in ItemStatus.values:
        raise ValidationError({"status": "Выберите состояние исполнения из списка."})
    if item.status == ItemStatus.DONE and item.completed_on is None:
        item.completed_on = (
            date.today()
        )  # отметили «выполнено» без даты — сегодняшняя, её видно и можно поправить
    if item.completed_on is not None and item.completed_on > date.today():
        raise ValidationError({"completed_on": "Дата выполнения не может быть в будущем."})
    value = item.actual_value
    if (
        value is not None
        and item.target_kind == TargetKind.SHARE
        and not (Decimal(0) <= value <= Decimal(100))
    ):
        raise ValidationError({"actual_value": "Доля — от 0 до 100 %."})
    if value is not None and value < 0:
        raise ValidationError({"actual_value": "Фактическое значение не может быть отрицательным."})


@transaction.atomic
def item_execution_update(
    *,
    actor: User | None,
    item: Item,
    expected_version: int,
    status: str,
    completed_on: date | None = None,
    status_comment: str = "",
    actual_value: Decimal | None = None,
) -> Item:
    """Меняет только поля исполнения — одним сохранением (одна версия в истории). Правка принимается,
    если с момента открытия формы мероприятие никто не менял; иначе EditConflict."""
    current = Item.objects.select_for_update().select_related("roadmap").get(pk=item.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    current.status = status
    current.completed_on = completed_on
    current.status_comment = (status_comment or "").strip()
    current.actual_value = actual_value
    _check_execution(current)
    current.version += 1
    current.updated_by = actor
    current.save(update_fields=[*EXECUTION_FIELDS, "version", "updated_by", "updated_at"])
    return current
