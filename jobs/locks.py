"""Аренда задания на время выполнения: advisory-блокировка PostgreSQL на уровне сессии.

Повторная доставка (подметальщик поставил задание ещё раз, пока первое сообщение ещё выполняется)
не должна запустить ту же работу вторым воркером параллельно: вторая доставка ждёт аренду, а получив,
видит «готово» и ничего не делает. Блокировка сессии снимается сама, когда процесс воркера убит:
PostgreSQL закрывает его сессию (самое позднее — в конце запроса, который она выполняла), и повторная
доставка после SIGKILL берёт задание и доделывает его. Ждать, а не пропускать, важно именно поэтому:
пропуск оставил бы задание «выполняется» до прихода подметальщика.
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
    """Ждёт, пока задание не выполняет никто другой, и держит аренду до конца блока (отдаёт True).
    Дольше жёсткого срока задачи ждать не придётся: её процесс убьют вместе с ожиданием."""
    if connection.vendor != "postgresql":
        yield True
        return
    first, second = _key(kind, object_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [first, second])
        acquired = True
    try:
        yield acquired
    finally:
        if acquired:
            # Соединение могло умереть — тогда блокировки уже нет.
            with contextlib.suppress(Exception), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [first, second])
