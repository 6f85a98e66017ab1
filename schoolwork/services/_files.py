"""Общее для сервисов, которые принимают файлы: сначала проверить все, потом записать все."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from config.plural import FILES_GEN, ru_count
from schoolwork import files as filecheck

MAX_FILES_AT_ONCE = 10


def check_files(uploads: Sequence, *, field: str) -> list[tuple[object, filecheck.FileKind]]:
    """Проверяет каждый файл; причины отказа по всем файлам сразу — чтобы человек исправил всё за раз."""
    if len(uploads) > MAX_FILES_AT_ONCE:
        limit = ru_count(MAX_FILES_AT_ONCE, *FILES_GEN)
        raise ValidationError({field: f"За один раз можно приложить не больше {limit}."})
    checked, problems = [], []
    for uploaded in uploads:
        try:
            checked.append((uploaded, filecheck.check_upload(uploaded)))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({field: problems})
    return checked


class StoredFiles:
    """Записывает файлы в хранилище; если запись в базе не состоялась — убирает их за собой.

    Файлы в хранилище не участвуют в транзакции базы, поэтому уборка нужна в обе стороны: при ошибке
    в сервисе — сразу, при откате внешней транзакции — тем, что файл без строки в базе никому не виден."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.names: list[str] = []

    def save(self, uploaded, kind: filecheck.FileKind) -> dict:
        name = filecheck.store(uploaded, prefix=self.prefix, kind=kind)
        self.names.append(name)
        return {
            "file": name,
            "original_name": filecheck.sanitise_name(uploaded.name, kind),
            "content_type": kind.content_type,
            "size": uploaded.size,
        }

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            filecheck.delete_quietly(self.names)
        return False


def delete_after_commit(names: Sequence[str]) -> None:
    """Удаляет файлы из хранилища, только когда удаление строк точно записано в базу."""
    names = list(names)
    if names:
        transaction.on_commit(lambda: filecheck.delete_quietly(names))
