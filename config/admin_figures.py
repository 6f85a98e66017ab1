"""Правка в админке Django и хранимые показатели (monitoring.rollup).

Админка пишет мимо сервисов: посещение, документ, рисковый профиль, школу с её участием в программе,
муниципалитет, регион. Всё это считают показатели, поэтому админка, как и сервисы, отмечает затронутые
регионы устаревшими в той же транзакции (крючок ``hooks.figures.rollup_mark_dirty``): после коммита
пересчёт по отметке, а до него страницы считают отмеченный регион живьём — и кэш сводок под новой версией.

Регионы берутся из базы до записи и после неё: перенос школы или муниципалитета затрагивает оба.
``FiguresAdminMixin`` ставится в базы ModelAdmin; ``figures_region_path`` — путь от модели к id региона.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from config import fragments
from hooks.figures import rollup_mark_dirty


class FiguresAdminMixin:
    figures_region_path: str = ""  # например, "school__municipality__region_id"
    # False — запись показателей не меняет, но меняет то, что видят люди региона (назначение куратора):
    # только версия региона в кэше сводок, без пересчёта.
    figures_counted: bool = True

    def _mark(self, region_ids: set[int]) -> None:
        if self.figures_counted:
            rollup_mark_dirty(region_ids=region_ids)
        elif region_ids:
            fragments.bump_after_commit(region_ids=region_ids)

    def _figure_regions(self, pks: Iterable) -> set[int]:
        pks = [pk for pk in pks if pk is not None]
        if not pks:
            return set()
        rows = self.model._base_manager.filter(pk__in=pks).values_list(self.figures_region_path, flat=True)
        return {pk for pk in rows if pk is not None}

    def save_model(self, request, obj, form, change):
        # Регионы до записи и после неё: перенос школы или муниципалитета затрагивает оба. Возврат версии
        # из истории (simple-history) сохраняет только здесь, без save_related.
        before = self._figure_regions([obj.pk]) if change else set()
        super().save_model(request, obj, form, change)
        self._mark(before | self._figure_regions([obj.pk]))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Ещё раз — после вложенных таблиц: участие в новом году добавляет региону год для пересчёта.
        self._mark(self._figure_regions([form.instance.pk]))

    def delete_model(self, request, obj):
        self._mark(self._figure_regions([obj.pk]))  # годы региона — пока строки есть
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # Действие «удалить выбранные» идёт без транзакции админки: отметка и удаление — в одной.
        with transaction.atomic(using=queryset.db):
            self._mark(self._figure_regions(queryset.values_list("pk", flat=True)))
            super().delete_queryset(request, queryset)


class CatalogueAdminMixin:
    """Справочник, общий для всех регионов (каталог факторов риска: названия — в сводках рисков в кэше):
    правка в админке поднимает версии кэша сводок всех регионов и страны."""

    def _bump_every_region(self) -> None:
        from schools.models import Region

        fragments.bump_after_commit(region_ids=list(Region.objects.values_list("pk", flat=True)))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._bump_every_region()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._bump_every_region()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._bump_every_region()
