"""Резервная копия и проверка восстановления (учения): pg_dump -Fc базы + копия каталога файлов,
восстановление в отдельную базу, сверка числа строк каждой таблицы и чтение каждого файла, на который
ссылается восстановленная база. Команды — manage.py restore_drill и scripts/backup.sh."""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.apps import apps
from django.db import connection, models


@dataclass
class DrillReport:
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # таблица → (источник, копия)
    files_checked: int = 0
    missing_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)

    @property
    def mismatched_tables(self) -> dict[str, tuple[int, int]]:
        return {name: counts for name, counts in self.tables.items() if counts[0] != counts[1]}

    @property
    def ok(self) -> bool:
        return not self.mismatched_tables and not self.missing_files and not self.changed_files


def _pg_env(db: dict) -> dict:
    env = {**os.environ, "PGHOST": db.get("HOST") or "127.0.0.1", "PGPORT": str(db.get("PORT") or 5432)}
    env["PGUSER"] = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _conninfo(db: dict, name: str) -> str:
    env = _pg_env(db)
    info = f"host={env['PGHOST']} port={env['PGPORT']} user={env['PGUSER']} dbname={name}"
    return info + (f" password={env['PGPASSWORD']}" if "PGPASSWORD" in env else "")


def database_dump(*, target: Path, db: dict | None = None) -> Path:
    """pg_dump -Fc: сжатый архив, из которого pg_restore восстанавливает всё или выборочно."""
    db = db or connection.settings_dict
    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "-f", str(target), db["NAME"]], env=_pg_env(db), check=True
    )
    return target


def database_restore(*, dump: Path, scratch: str, db: dict | None = None) -> None:
    """Восстанавливает архив в новую пустую базу scratch (существующую с тем же именем удаляет)."""
    db = db or connection.settings_dict
    if scratch == db["NAME"]:
        raise ValueError("Учения восстанавливают копию в отдельную базу, а не поверх рабочей.")
    env = _pg_env(db)
    subprocess.run(["dropdb", "--if-exists", scratch], env=env, check=True)
    subprocess.run(["createdb", scratch], env=env, check=True)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", scratch, str(dump)], env=env, check=True
    )


def database_drop(*, scratch: str, db: dict | None = None) -> None:
    db = db or connection.settings_dict
    subprocess.run(["dropdb", "--if-exists", scratch], env=_pg_env(db), check=True)


def _tables() -> list[str]:
    return sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
        | {"django_migrations"}
    )


def _file_columns() -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, f.column)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def restore_check(
    *, scratch: str, media_copy: Path, live_media: Path | None = None, db: dict | None = None
) -> DrillReport:
    """Сверяет восстановленную базу с источником и читает каждый файл из копии каталога файлов
    (как его отдал бы сайт). live_media — сравнить содержимое с рабочими файлами."""
    db = db or connection.settings_dict
    report = DrillReport()
    with (
        psycopg.connect(_conninfo(db, db["NAME"]), autocommit=True) as source,
        psycopg.connect(_conninfo(db, scratch), autocommit=True) as copy,
    ):
        for table in _tables():
            counts = []
            for conn in (source, copy):
                counts.append(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            report.tables[table] = (counts[0], counts[1])
        for table, column in _file_columns():
            for (name,) in copy.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\''):
                report.files_checked += 1
                path = media_copy / name
                if not path.is_file():
                    report.missing_files.append(name)
                    continue
                if live_media is not None and (live_media / name).is_file():
                    if _digest(path) != _digest(live_media / name):
                        report.changed_files.append(name)
                else:
                    _digest(path)  # прочитать целиком — как при скачивании
    return report
