"""Чтение больших выгрузок потоками: несколько запросов в одном порядке, слияние на лету, имена
людей прямо в SQL. Так память не растёт с числом строк, а число запросов не зависит от него."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat, Left

CHUNK = 2000  # строк за одно чтение серверного курсора


def person_short_name(prefix: str):
    """«Иванова А. П.» в SQL — как User.short_name."""
    first = Left(f"{prefix}first_name", 1)
    middle = Case(
        When(**{f"{prefix}middle_name": ""}, then=Value("")),
        default=Concat(Value(" "), Left(f"{prefix}middle_name", 1), Value(".")),
    )
    return Concat(f"{prefix}last_name", Value(" "), first, Value("."), middle, output_field=CharField())


class Peekable:
    """Поток строк, отсортированный по родителю: take_while отдаёт строки одного родителя."""

    def __init__(self, iterator: Iterator):
        self._iterator = iterator
        self.head = next(self._iterator, None)

    def take_while(self, roadmap_id: int, position: int) -> Iterator:
        while self.head is not None and self.head[position] == roadmap_id:
            row, self.head = self.head, next(self._iterator, None)
            yield row


class consistent_read:
    """Три потока должны видеть одни и те же данные: в PostgreSQL — транзакция REPEATABLE READ
    (если мы не внутри чужой транзакции, как в тестах), в SQLite любая транзакция и так такова."""

    def __enter__(self):
        self._atomic = transaction.atomic()
        outer = connection.in_atomic_block
        self._atomic.__enter__()
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self

    def __exit__(self, *exc):
        return self._atomic.__exit__(*exc)
