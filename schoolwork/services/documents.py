"""Документы школы: загрузка версий командой школы, подтверждение или возврат куратором."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from hooks import events
from hooks.figures import rollup_mark_school
from schools.models import RiskLevel, RiskProfileLevel, School
from schoolwork.models import DocumentKind, DocumentStatus, DocumentVersion, SchoolDocument
from schoolwork.services._files import StoredFiles, check_files

FILES_PREFIX = "schoolwork/documents"


def _document_for(
    *, school: School, year: int, kind: str, direction: RiskProfileLevel | None, title: str
) -> SchoolDocument:
    """Документ, к которому ляжет новая версия: у концепции, программы и мониторинга он один на год,
    у антирисковой программы — один на направление, «другой документ» всякий раз новый."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Выберите вид документа из списка."})
    if kind == DocumentKind.ANTIRISK:
        if direction is None:
            raise ValidationError(
                {"direction": "Выберите рисковое направление, к которому относится программа."}
            )
        valid = (
            direction.profile.school_id == school.pk
            and direction.profile.year == year
            and direction.is_active_direction
            and direction.level != RiskLevel.LOW
        )
        if not valid:
            raise ValidationError(
                {
                    "direction": "Антирисковая программа пишется только по рисковому направлению, "
                    f"которое куратор активировал в профиле школы за {year} год."
                }
            )
        existing = SchoolDocument.objects.select_for_update().filter(direction=direction).first()
        return existing or SchoolDocument(school=school, year=year, kind=kind, direction=direction)
    if kind == DocumentKind.OTHER:
        if not title.strip():
            raise ValidationError({"title": "Укажите название документа."})
        return SchoolDocument(school=school, year=year, kind=kind, title=title.strip()[:255])
    existing = SchoolDocument.objects.select_for_update().filter(school=school, year=year, kind=kind).first()
    return existing or SchoolDocument(school=school, year=year, kind=kind)


@transaction.atomic
def document_upload(
    *,
    actor: User,
    file,
    school: School | None = None,
    year: int | None = None,
    kind: str = "",
    direction: RiskProfileLevel | None = None,
    title: str = "",
    comment: str = "",
    document: SchoolDocument | None = None,
) -> DocumentVersion:
    """Новая версия документа. Прежние версии остаются; документ снова ждёт проверки куратора."""
    if file is None:
        raise ValidationError({"file": "Выберите файл."})
    ((uploaded, file_kind),) = check_files([file], field="file")
    if document is not None:
        document = SchoolDocument.objects.select_for_update().get(pk=document.pk)
    else:
        document = _document_for(school=school, year=year, kind=kind, direction=direction, title=title)
    with StoredFiles(FILES_PREFIX) as stored:
        if document.pk is None:
            document._change_reason = "Документ создан"
            document._history_user = actor
            document.save()
        number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = DocumentVersion.objects.create(
            document=document,
            number=number,
            comment=comment.strip(),
            uploaded_by=actor,
            **stored.save(uploaded, file_kind),
        )
        document.status = DocumentStatus.UPLOADED
        document.review_comment, document.reviewed_by, document.reviewed_at = "", None, None
        document._change_reason = f"Загружена версия {number}"
        document._history_user = actor
        document.save()
    rollup_mark_school(school_id=document.school_id, years=[document.year])
    events.document_uploaded_notify(version=version, actor=actor)
    return version


def _latest_for_review(
    document: SchoolDocument, seen_version: int | None
) -> tuple[SchoolDocument, DocumentVersion]:
    document = SchoolDocument.objects.select_for_update().get(pk=document.pk)
    latest = document.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError("У документа ещё нет ни одной загруженной версии.")
    # Куратор проверяет то, что видел на странице: если школа успела загрузить новую версию — стоп.
    if seen_version is not None and seen_version != latest.number:
        raise ValidationError(
            f"Пока вы смотрели документ, школа загрузила версию {latest.number} — "
            "откройте её и проверьте заново."
        )
    return document, latest


@transaction.atomic
def document_confirm(
    *, actor: User, document: SchoolDocument, seen_version: int | None = None, comment: str = ""
) -> SchoolDocument:
    document, latest = _latest_for_review(document, seen_version)
    if document.status == DocumentStatus.CONFIRMED and document.confirmed_version_id == latest.pk:
        raise ValidationError("Эта версия уже подтверждена.")
    document.status, document.confirmed_version = DocumentStatus.CONFIRMED, latest
    document.review_comment = comment.strip()
    document.reviewed_by, document.reviewed_at = actor, timezone.now()
    document._change_reason = f"Подтверждена версия {latest.number}"
    document._history_user = actor
    document.save()
    rollup_mark_school(school_id=document.school_id, years=[document.year])
    events.document_reviewed_notify(document=document, version=latest, actor=actor)
    return document


@transaction.atomic
def document_return(
    *, actor: User, document: SchoolDocument, comment: str, seen_version: int | None = None
) -> SchoolDocument:
    if not comment.strip():
        raise ValidationError(
            {
                "comment": "Напишите, что нужно исправить: без комментария школа не поймёт, "
                "почему документ возвращён."
            }
        )
    document, latest = _latest_for_review(document, seen_version)
    if document.status == DocumentStatus.RETURNED:
        raise ValidationError("Документ уже возвращён на доработку; дождитесь новой версии.")
    document.status, document.review_comment = DocumentStatus.RETURNED, comment.strip()
    document.reviewed_by, document.reviewed_at = actor, timezone.now()
    document._change_reason = f"Версия {latest.number} возвращена на доработку"
    document._history_user = actor
    document.save()
    rollup_mark_school(school_id=document.school_id, years=[document.year])
    events.document_reviewed_notify(document=document, version=latest, actor=actor)
    return document
