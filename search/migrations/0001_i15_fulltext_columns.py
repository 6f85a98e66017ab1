"""Генерируемые колонки tsvector (конфигурация russian) и GIN-индексы для поиска — только в PostgreSQL.
База сама пересчитывает колонку при каждой вставке и правке строки; на SQLite миграция ничего не делает."""

from django.db import migrations

from search.documents import SEARCHABLES, TSV_COLUMN


def _add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for searchable in SEARCHABLES.values():
        table = searchable.table
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {TSV_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({searchable.tsvector_sql()}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin ({TSV_COLUMN})"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for searchable in SEARCHABLES.values():
        schema_editor.execute(f"ALTER TABLE {searchable.table} DROP COLUMN IF EXISTS {TSV_COLUMN}")


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0002_i15_word_appendix"),
        ("schoolwork", "0002_import_in_background"),
        ("schools", "0003_risk_level_survey_and_reason"),
    ]

    operations = [migrations.RunPython(_add, _drop)]
