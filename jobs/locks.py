"""Аренда задания на время выполнения: advisory-блокировка PostgreSQL на уровне сессии.

Повторная доставка (подметальщик поставил задание ещё раз, пока первое сообщение ещё ждёт в очереди)
не должна запустить ту же работу вторым воркером параллельно. Блокировка сессии снимается сама, если
процесс воркера убит: соединение закрывается — и повторная доставка после SIGKILL сразу берёт задание.
На SQLite (демо, тесты без PostgreSQL) воркер один, и блокировка не нужна.
"""

from __future__ import annotations

import contextlib
import zlib

from django.db import connection


def _key(kind: str, object_id: int) -> tuple[int, int]:
    return zlib.crc32(kind.encode()) - 2**31, int(object_id) % 2**31


@contextlib.contextmanager
def job_lease(kind: str, object_id: int):
    """Отдаёт True, если задание взято этим процессом, и False, если его уже выполняет другой."""
    if connection.vendor != "postgresql":
        yield True
        return
    first, second = _key(kind, object_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [first, second])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            # Соединение могло умереть — тогда блокировки уже нет.
            with contextlib.suppress(Exception), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [first, second])
