"""Запись связей «пункт муниципальной карты отвечает на пункт региональной карты»."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from alignment.models import ItemLink, LinkSource
from roadmaps.models import Item, Level


def item_link_create(
    *, actor: User | None, municipal_item: Item, regional_item: Item, source: str
) -> ItemLink:
    """Связывает пункты. Повторная связь той же пары ничего не дублирует (уникальность в базе)."""
    municipal_map, regional_map = municipal_item.roadmap, regional_item.roadmap
    if municipal_map.level != Level.MUNICIPAL:
        raise ValidationError("Связывать можно только пункты муниципальной карты.")
    if regional_map.level != Level.REGIONAL:
        raise ValidationError("Ответ даётся на пункт региональной карты.")
    if (municipal_map.region_id, municipal_map.year) != (regional_map.region_id, regional_map.year):
        raise ValidationError("Пункт региональной карты другого региона или года — связать нельзя.")
    if source not in LinkSource.values:
        raise ValidationError("Неизвестный источник связи.")
    existing = ItemLink.objects.filter(municipal_item=municipal_item, regional_item=regional_item).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ItemLink.objects.create(
                municipal_item=municipal_item, regional_item=regional_item, source=source, created_by=actor
            )
    except IntegrityError:  # параллельный запрос успел раньше
        return ItemLink.objects.get(municipal_item=municipal_item, regional_item=regional_item)


def item_link_delete(*, link: ItemLink) -> None:
    link.delete()
