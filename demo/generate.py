"""Сборка синтетики для ``generate_demo``: все этапы по порядку и удаление синтетики.

Справочник (demo.synthetic) и работа программы (demo.synthetic_work, стоит на справочнике) собираются
здесь — так ни один из двух модулей не импортирует другой в ответ."""

from __future__ import annotations

from collections import Counter

from demo.synthetic import STAGES, Stage, _purge, synthetic_regions, synthetic_users
from demo.synthetic_work import STAGES as WORK_STAGES
from demo.synthetic_work import detach_before_clear


def all_stages() -> list[tuple[str, Stage]]:
    """Этапы справочника, а за ними — этапы работы программы (карты, посещения, профили, документы):
    они в demo.synthetic_work, который сам стоит на demo.synthetic — сборка здесь, без круга импортов."""
    return [*STAGES, *WORK_STAGES]


def clear_synthetic() -> Counter:
    """Удаляет синтетические регионы и людей со всем, что с ними связано. Возвращает, сколько чего удалено."""
    deleted: Counter = Counter()
    detach_before_clear(synthetic_regions())
    _purge(synthetic_users(), deleted)
    _purge(synthetic_regions(), deleted)
    return deleted
