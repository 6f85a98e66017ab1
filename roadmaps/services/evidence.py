"""Подтверждения исполнения мероприятия: файлы (проверка по содержимому, случайное имя в хранилище)
и ссылки на публикации. Файл, записанный в хранилище без записи в базе, убирается. Подтверждения —
часть исполнения: добавлять их можно и в утверждённой карте (права — scoping.can_update_execution)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from roadmaps.models import Evidence, Item
from schoolwork import files


@transaction.atomic
def evidence_add(*, actor: User | None, item: Item, title: str = "", url: str = "", file=None) -> Evidence:
    if not url and file is None:
        raise ValidationError("Приложите файл или укажите ссылку.")
    evidence = Evidence(item=item, title=title.strip(), url=url.strip(), added_by=actor)
    stored = None
    if file is not None:
        kind = files.check_upload(file)
        stored = files.store(file, prefix="roadmaps/evidence", kind=kind)
        evidence.file.name = stored
        evidence.original_name = files.sanitise_name(file.name, kind)
        evidence.content_type = kind.content_type
        evidence.size = file.size
    try:
        evidence.full_clean(exclude=["file"])
        evidence.save()
    except Exception:
        if stored:
            files.delete_quietly([stored])
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    name = evidence.file.name
    evidence.delete()
    if name:  # файл удаляем только после коммита: при откате запись и файл остаются вместе
        transaction.on_commit(lambda: files.delete_quietly([name]))
