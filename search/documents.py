"""Что ищется: по каждому виду объектов — таблица, поля с весами и колонка tsvector.

Колонка ``search_tsv`` — генерируемая (GENERATED ALWAYS … STORED) в PostgreSQL: база сама держит её
в актуальном состоянии при каждой записи, код приложения её не пишет и модели её не знают. По ней —
GIN-индекс. Конфигурация ``russian``: стемминг («куратор» находит «кураторами»), стоп-слова.
На SQLite (демо) колонок нет, поиск идёт по тем же полям через ``icontains``."""

from __future__ import annotations

from dataclasses import dataclass

CONFIG = "russian"
TSV_COLUMN = "search_tsv"


@dataclass(frozen=True)
class Searchable:
    kind: str
    table: str
    fields: tuple[tuple[str, str], ...]  # (поле, вес A–D): описание важнее показателя
    label: str

    def tsvector_sql(self) -> str:
        parts = [
            f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({name}, '')), '{weight}')"
            for name, weight in self.fields
        ]
        return " || ".join(parts)

    @property
    def field_names(self) -> list[str]:
        return [name for name, _weight in self.fields]


SEARCHABLES: dict[str, Searchable] = {
    s.kind: s
    for s in (
        Searchable(
            "item",
            "roadmaps_item",
            (("description", "A"), ("indicator", "B"), ("responsible_text", "C"), ("status_comment", "D")),
            "мероприятие",
        ),
        Searchable("section", "roadmaps_section", (("title", "A"), ("note", "C")), "раздел"),
        Searchable("roadmap", "roadmaps_roadmap", (("title", "A"), ("approval_document", "C")), "карта"),
        Searchable(
            "visit",
            "schoolwork_visit",
            (("purpose", "A"), ("findings", "B"), ("recommendations", "B"), ("next_steps", "C")),
            "посещение",
        ),
        Searchable("document", "schoolwork_schooldocument", (("title", "A"),), "документ школы"),
        Searchable("school", "schools_school", (("short_name", "A"), ("full_name", "B")), "школа"),
        Searchable("municipality", "schools_municipality", (("name", "A"),), "муниципалитет"),
    )
}
