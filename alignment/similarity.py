"""Сходство текста пунктов для подсказок сверки: на PostgreSQL слова описаний приводятся к основам
словарём ``russian`` (лексемы веса A из генерируемой колонки ``search_tsv``, без пересчёта), на SQLite —
грубое усечение окончаний; доля основ пункта региональной карты, встретившихся в муниципальном пункте, —
мера сходства. Один расчёт и для хранимых подсказок (alignment.suggestions), и для живого (selectors)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL

from roadmaps.models import Item

MIN_SHARED_STEMS = 2
MIN_SIMILARITY = 0.3
MAX_SUGGESTIONS = 2

_WORD = re.compile(r"[а-яёa-z0-9]+", re.IGNORECASE)
_ENDINGS = re.compile(
    r"(ами|ями|ого|его|ому|ему|ыми|ими|ая|яя|ое|ее|ые|ие|ых|их|ой|ей|ом|ем|ах|ях|ам|ям|ов|ев|ы|и|а|я|о|е|у|ю|ь)$"
)


def crude_stems(text: str) -> frozenset[str]:
    """Запасной вариант без PostgreSQL: слова длиннее трёх букв без типичных окончаний."""
    stems = set()
    for word in _WORD.findall(text.lower().replace("ё", "е")):
        if len(word) > 3:
            stems.add(_ENDINGS.sub("", word)[:7])
    return frozenset(stems)


@dataclass
class Candidate:
    """Пункт муниципальной карты для сверки — лёгкая запись вместо модели: их в регионе тысячи."""

    pk: int
    roadmap_id: int
    description: str
    status: str
    period_end: date | None
    source_number: str
    position: int
    stems: frozenset[str] = frozenset()

    def __str__(self) -> str:
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first_line[:120]


CANDIDATE_FIELDS = ("pk", "roadmap_id", "description", "status", "period_end", "source_number", "position")
# Для ответа в ячейке основы слов не нужны: связанные и подсказанные пункты читаются без них.
ANSWER_FIELDS = ("id", "roadmap_id", "description", "status", "period_end", "source_number", "position")


def lexemes() -> RawSQL:
    """Основы слов описания пункта: лексемы веса A генерируемой колонки search_tsv (PostgreSQL)."""
    return RawSQL(
        'tsvector_to_array(ts_filter("roadmaps_item"."search_tsv", \'{a}\'::"char"[]))',
        (),
        output_field=ArrayField(CharField()),
    )


def candidates_of(items: QuerySet[Item]) -> list[Candidate]:
    """Пункты с множеством основ описания. На PostgreSQL основы — лексемы веса A (описание) из
    генерируемой колонки: словарь russian уже привёл слова к основам и выбросил служебные."""
    if connection.vendor == "postgresql":
        rows = items.annotate(lexemes=lexemes()).values_list(*CANDIDATE_FIELDS, "lexemes")
        return [Candidate(*row[:-1], stems=frozenset(row[-1] or ())) for row in rows]
    return [Candidate(*row, stems=crude_stems(row[2])) for row in items.values_list(*CANDIDATE_FIELDS)]


def stems_of(item: Item) -> frozenset[str]:
    """Основы описания пункта из regional_items — тем же способом, что у candidates_of."""
    if hasattr(item, "lexemes"):
        return frozenset(item.lexemes or ())
    return crude_stems(item.description)


def similarity(regional: frozenset[str], municipal: frozenset[str]) -> float:
    if not regional:
        return 0.0
    shared = len(regional & municipal)
    return shared / len(regional) if shared >= MIN_SHARED_STEMS else 0.0


def rank_suggestions(
    stems: frozenset[str], candidates: list[Candidate], rejected: set[int]
) -> list[tuple[float, Candidate]]:
    """До MAX_SUGGESTIONS самых похожих пунктов одной муниципальной карты, кроме отклонённых. Один
    расчёт и для хранимых подсказок (alignment.suggestions), и для живого (регион ещё не пересчитан)."""
    scored = [(similarity(stems, item.stems), item) for item in candidates if item.pk not in rejected]
    scored = [(score, item) for score, item in scored if score >= MIN_SIMILARITY]
    scored.sort(key=lambda pair: (-pair[0], pair[1].position, pair[1].pk))
    return scored[:MAX_SUGGESTIONS]
