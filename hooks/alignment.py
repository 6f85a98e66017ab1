"""Крючок сверки муниципальных карт. Заполняет alignment (AlignmentConfig.ready) функцией
alignment.suggestions.suggestions_changed.

Карты стоят ниже сверки и её не импортируют: сервис, меняющий пункты карты, в своей транзакции вызывает
``suggestions_changed(roadmap)`` — хранимые подсказки региона за год пересчитаются после коммита."""

from __future__ import annotations

from hooks import Hook

# suggestions_changed(roadmap) -> None: подсказки сверки региона карты за её год устарели.
suggestions_changed = Hook("hooks.alignment.suggestions_changed", "alignment")
