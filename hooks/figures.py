"""Крючки показателей мониторинга. Заполняет monitoring (MonitoringConfig.ready) функциями monitoring.rollup.

Любой сервис, который меняет то, что считают показатели (мероприятия, карты, посещения, документы,
рисковые профили, участие школ, муниципалитеты), в своей транзакции вызывает ``rollup_mark_dirty`` или
``rollup_mark_school``; карта читает живые значения своих показателей через ``owner_figures``."""

from __future__ import annotations

from hooks import Hook

# rollup_mark_dirty(*, region_ids, years=None) -> None: показатели регионов за годы устарели.
rollup_mark_dirty = Hook("hooks.figures.rollup_mark_dirty", "monitoring")
# rollup_mark_school(*, school_id, years=None) -> None: то же по школе (её регион).
rollup_mark_school = Hook("hooks.figures.rollup_mark_school", "monitoring")
# owner_figures(*, year, level, object_id, region_id, as_of) -> значения с .share(code) или None.
owner_figures = Hook("hooks.figures.owner_figures", "monitoring")
# alignment_suggestions_changed(*, roadmap) -> None: пункты карты изменились — подсказки сверки её региона
# за её год устарели (заполняет alignment: alignment.suggestions.suggestions_changed).
alignment_suggestions_changed = Hook("hooks.figures.alignment_suggestions_changed", "alignment")
