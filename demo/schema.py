"""Готовая схема SQLite для демо: ускоряет первый `./scripts/demo.sh` на свежем клоне.

Почему: `migrate` с нуля на SQLite — ~12 с процессора (на занятой машине — минута), и почти всё это
Django тратит не на SQL, а на пересборку состояния моделей после каждой операции каждой миграции.
История миграций остаётся как есть; здесь — только её кэш: `fixtures/demo_schema.sql` — дамп пустой
базы SQLite после всех миграций (таблицы, индексы, записи django_migrations и данные миграций —
каталог рисковых факторов). `demo_setup` на пустой SQLite-базе сначала загружает его, потом обычный
`migrate` применяет то, что новее снимка (если снимок отстал, демо всё равно верное — только медленнее).

Снимок пишет `python manage.py demo_schema --write`; тест tests/config/test_demo_schema.py проверяет,
что «снимок + migrate» даёт ту же схему, что `migrate` с нуля, и что снимок не отстал от миграций.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

APPLIED_AT = re.compile(r"^(INSERT INTO \"django_migrations\" VALUES\(\d+,'[^']*','[^']*',)'[^']*'\);$")
SNAPSHOT = Path(settings.BASE_DIR) / "fixtures" / "demo_schema.sql"


def database_is_empty_sqlite() -> bool:
    return connection.vendor == "sqlite" and not connection.introspection.table_names()


def load_snapshot() -> bool:
    """Загружает снимок в пустую SQLite-базу одной транзакцией. False — снимка нет или база не та."""
    if not SNAPSHOT.exists() or not database_is_empty_sqlite():
        return False
    connection.ensure_connection()
    raw = connection.connection
    # Дамп идёт по таблицам в алфавитном порядке: строки auth_permission раньше django_content_type,
    # поэтому внешние ключи на время загрузки выключены (внутри транзакции их не переключить).
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript("BEGIN;\n" + SNAPSHOT.read_text(encoding="utf-8") + "\nCOMMIT;")
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    return True


def migrated_dump(path: Path, *, start_from_snapshot: bool = False) -> str:
    """SQL-дамп базы SQLite по пути path после migrate (в отдельном процессе, с чистыми настройками)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    env.pop("REDIS_URL", None)
    if start_from_snapshot:
        with sqlite3.connect(path) as db:
            db.executescript(SNAPSHOT.read_text(encoding="utf-8"))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    return dump(path)


def dump(path: Path) -> str:
    """Дамп без BEGIN/COMMIT и служебной sqlite_sequence (её значения SQLite ведёт сам); время
    применения миграций — одно и то же, чтобы дамп не менялся от прогона к прогону."""
    with sqlite3.connect(path) as db:
        lines = [
            APPLIED_AT.sub(r"\1'2000-01-01 00:00:00');", line)
            for line in db.iterdump()
            if line not in ("BEGIN TRANSACTION;", "COMMIT;")
            and not line.startswith(('DELETE FROM "sqlite_sequence"', 'INSERT INTO "sqlite_sequence"'))
        ]
    return "\n".join(lines) + "\n"


def fresh_snapshot_text() -> str:
    with tempfile.TemporaryDirectory() as folder:
        return migrated_dump(Path(folder) / "schema.sqlite3")
