"""Посещения школ кураторами: график (запланированные даты), отчёт о проведённом посещении, вложения."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.versioning import ensure_expected_version
from hooks import events
from hooks.figures import rollup_mark_school
from schools.models import CuratorAssignment, School
from schoolwork.models import PROGRAMME_START, Visit, VisitAttachment, VisitKind, VisitStatus
from schoolwork.services._files import StoredFiles, check_files, delete_after_commit

FILES_PREFIX = "schoolwork/visits"


def _check_curator_year(actor: User, school: School, date: datetime.date) -> None:
    # Посещение засчитывается куратору того года, в котором оно было: за чужой год писать нельзя.
    # План на следующий год строят до назначений следующего года — его не проверяем.
    if date.year > school.municipality.region.local_today().year:
        return
    if not CuratorAssignment.objects.filter(curator=actor, school=school, year=date.year).exists():
        raise ValidationError(
            {
                "date": f"В {date.year} году вы не были куратором школы «{school}» — "
                "посещение на эту дату записать нельзя."
            }
        )


def _check_common(*, actor: User, school: School, kind: str, date: datetime.date, purpose: str) -> None:
    errors = {}
    if kind not in VisitKind.values:
        errors["kind"] = "Выберите вид посещения из списка."
    if not purpose.strip():
        errors["purpose"] = "Укажите цель посещения."
    if date < PROGRAMME_START:
        errors["date"] = f"Дата раньше начала программы ({PROGRAMME_START:%d.%m.%Y})."
    if errors:
        raise ValidationError(errors)
    _check_curator_year(actor, school, date)


def _check_done(*, school: School, date: datetime.date, findings: str) -> None:
    errors = {}
    if date > school.municipality.region.local_today():
        errors["date"] = "Проведённое посещение не может быть в будущем — запланируйте его."
    if not findings.strip():
        errors["findings"] = "Опишите результаты посещения: что увидели в школе."
    if errors:
        raise ValidationError(errors)


def _attach(visit: Visit, checked, actor: User, stored: StoredFiles) -> None:
    for uploaded, kind in checked:
        VisitAttachment.objects.create(visit=visit, uploaded_by=actor, **stored.save(uploaded, kind))


@transaction.atomic
def visit_log(
    *,
    actor: User,
    school: School,
    kind: str,
    date: datetime.date,
    purpose: str,
    findings: str,
    recommendations: str = "",
    next_steps: str = "",
    participants: str = "",
    files: Sequence = (),
) -> Visit:
    """Записывает проведённое посещение с вложениями."""
    _check_common(actor=actor, school=school, kind=kind, date=date, purpose=purpose)
    _check_done(school=school, date=date, findings=findings)
    checked = check_files(files, field="files")
    with StoredFiles(FILES_PREFIX) as stored:
        visit = Visit.objects.create(
            school=school,
            curator=actor,
            status=VisitStatus.DONE,
            kind=kind,
            date=date,
            purpose=purpose.strip(),
            findings=findings.strip(),
            recommendations=recommendations.strip(),
            next_steps=next_steps.strip(),
            participants=participants.strip(),
            completed_at=timezone.now(),
        )
        _attach(visit, checked, actor, stored)
    rollup_mark_school(school_id=visit.school_id)  # посещение засчитывается в каждом году школы
    events.visit_notify(visit=visit, kind=events.VISIT_DONE, actor=actor)
    return visit


@transaction.atomic
def visit_plan(
    *, actor: User, school: School, kind: str, dates: Sequence[datetime.date], purpose: str
) -> list[Visit]:
    """График посещений: по запланированному посещению на каждую дату."""
    dates = sorted(set(dates))
    if not dates:
        raise ValidationError({"dates": "Укажите хотя бы одну дату."})
    today = school.municipality.region.local_today()
    past = [d for d in dates if d < today]
    if past:
        raise ValidationError(
            {
                "dates": "Эти даты уже прошли: "
                + ", ".join(f"{d:%d.%m.%Y}" for d in past)
                + ". Проведённое посещение запишите как проведённое."
            }
        )
    for date in dates:
        _check_common(actor=actor, school=school, kind=kind, date=date, purpose=purpose)
    taken = set(
        Visit.objects.filter(school=school, curator=actor, date__in=dates).values_list("date", flat=True)
    )
    if taken:
        raise ValidationError(
            {
                "dates": "На эти даты посещение школы уже есть: "
                + ", ".join(f"{d:%d.%m.%Y}" for d in sorted(taken))
                + "."
            }
        )
    planned = [
        Visit.objects.create(
            school=school,
            curator=actor,
            status=VisitStatus.PLANNED,
            kind=kind,
            date=date,
            purpose=purpose.strip(),
        )
        for date in dates
    ]
    for visit in planned:
        events.visit_notify(visit=visit, kind=events.VISIT_PLANNED, actor=actor)
    return planned


@transaction.atomic
def visit_update(
    *,
    actor: User,
    visit: Visit,
    kind: str,
    date: datetime.date,
    purpose: str,
    findings: str = "",
    recommendations: str = "",
    next_steps: str = "",
    participants: str = "",
    files: Sequence = (),
) -> Visit:
    """Правка записи (запланированной или проведённой) и новые вложения к ней."""
    visit = Visit.objects.select_for_update().select_related("school__municipality__region").get(pk=visit.pk)
    _check_common(actor=actor, school=visit.school, kind=kind, date=date, purpose=purpose)
    if visit.is_done:
        _check_done(school=visit.school, date=date, findings=findings)
    checked = check_files(files, field="files")
    moved = not visit.is_done and visit.date != date
    with StoredFiles(FILES_PREFIX) as stored:
        visit.kind, visit.date, visit.purpose = kind, date, purpose.strip()
        visit.findings, visit.recommendations = findings.strip(), recommendations.strip()
        visit.next_steps, visit.participants = next_steps.strip(), participants.strip()
        visit.save()
        _attach(visit, checked, actor, stored)
    rollup_mark_school(school_id=visit.school_id)  # посещение засчитывается в каждом году школы
    if moved:
        events.visit_notify(visit=visit, kind=events.VISIT_MOVED, actor=actor)
    return visit


@transaction.atomic
def visit_complete(
    *,
    actor: User,
    visit: Visit,
    date: datetime.date,
    findings: str,
    recommendations: str = "",
    next_steps: str = "",
    participants: str = "",
    files: Sequence = (),
) -> Visit:
    """Запланированное посещение состоялось: дата (могла сдвинуться), результаты, вложения."""
    visit = Visit.objects.select_for_update().select_related("school__municipality__region").get(pk=visit.pk)
    ensure_expected_version(visit)
    if visit.is_done:
        raise ValidationError("Это посещение уже отмечено проведённым.")
    _check_curator_year(actor, visit.school, date)
    _check_done(school=visit.school, date=date, findings=findings)
    checked = check_files(files, field="files")
    with StoredFiles(FILES_PREFIX) as stored:
        visit.status, visit.date, visit.completed_at = VisitStatus.DONE, date, timezone.now()
        visit.findings, visit.recommendations = findings.strip(), recommendations.strip()
        visit.next_steps, visit.participants = next_steps.strip(), participants.strip()
        visit.save()
        _attach(visit, checked, actor, stored)
    rollup_mark_school(school_id=visit.school_id)  # посещение засчитывается в каждом году школы
    events.visit_notify(visit=visit, kind=events.VISIT_DONE, actor=actor)
    return visit


@transaction.atomic
def visit_delete(*, actor: User, visit: Visit) -> None:
    """Удалить можно только запланированное посещение: проведённое — это уже отчёт."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.is_done:
        raise ValidationError("Проведённое посещение удалить нельзя — это отчёт куратора.")
    names = [a.file.name for a in visit.attachments.all()]
    for attachment in visit.attachments.all():
        attachment.delete()  # по одному, чтобы удаление осталось в истории
    visit.delete()
    delete_after_commit(names)
    rollup_mark_school(school_id=visit.school_id)


@transaction.atomic
def visit_attachment_delete(*, actor: User, attachment: VisitAttachment) -> None:
    name = attachment.file.name
    attachment.delete()
    delete_after_commit([name])
