"""Обслуживание базы из кода приложения: ANALYZE после больших загрузок.

Автоочистка (autovacuum) может быть выключена или не успевать: после загрузки десятков тысяч строк
планировщик PostgreSQL считает по старой статистике (44 строки вместо 6 018) и выбирает плохие планы."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model

LARGE_WRITE_ROWS = 1000  # после стольких новых строк статистику таблицы стоит обновить


def analyze(models: Iterable[type[Model]] | None = None) -> None:
    """ANALYZE таблиц моделей (или всей базы). На SQLite — ANALYZE тоже есть и безвреден."""
    with connection.cursor() as cursor:
        if models is None:
            cursor.execute("ANALYZE")
            return
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def analyze_after_commit(models: Iterable[type[Model]], *, rows: int) -> None:
    """После коммита большой записи — ANALYZE её таблиц (маленькие записи статистику не портят)."""
    if rows < LARGE_WRITE_ROWS:
        return
    models = list(models)
    transaction.on_commit(lambda: analyze(models))
