"""Одна правка — одна версия в истории. django-simple-history пишет версию на каждый save() и на каждое
изменение списка ответственных (m2m), поэтому сохранение формы давало три версии, а удаление — по
версии «Порядок» на каждое мероприятие ниже. Здесь сервис собирает все свои изменения объекта в одну
версию, а сдвиг соседних номеров пишет без версий: номер выводится из порядка и сам по себе не правка.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from functools import cache

from django.db.models.signals import post_save
from simple_history.models import HistoricalRecords

from roadmaps.rows_cache import map_changed


@cache
def _recorder(model) -> HistoricalRecords:
    """Объект HistoricalRecords модели (он подписан на post_save) — им пишется версия вручную."""
    for entry in post_save.receivers:
        receiver = entry[1]
        if isinstance(receiver, weakref.ReferenceType):
            receiver = receiver()
        owner = getattr(receiver, "__self__", None)
        if isinstance(owner, HistoricalRecords) and owner.cls is model:
            return owner
    raise LookupError(f"У модели {model.__name__} нет истории изменений")


@contextmanager
def one_version(instance, history_type: str = "~"):
    """Внутри блока save() и правки m2m версий не пишут; после успешного блока — одна версия
    с итоговым состоянием (history_type «+» — создано, «~» — изменено)."""
    instance.skip_history_when_saving = True
    try:
        yield instance
    finally:
        del instance.skip_history_when_saving
    _recorder(type(instance)).create_historical_record(instance, history_type)


def set_positions(model, positions: dict[int, int]) -> None:
    """Сдвиг номеров соседей — без версий в истории (UPDATE по строкам, без сигналов)."""
    for pk, position in positions.items():
        model.objects.filter(pk=pk).update(position=position)
    # UPDATE обходит сигналы, которыми следит кэш строк карты, — поднимаем его версию сами.
    if not positions:
        return
    for roadmap_id in set(model.objects.filter(pk__in=list(positions)).values_list("roadmap_id", flat=True)):
        map_changed(roadmap_id)
