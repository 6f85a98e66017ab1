"""Данные для тестов работы со школами: каталог рисков года, профили, посещения, документы, файлы."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from schools.models import RiskFactor, RiskLevel, RiskProfile, RiskProfileLevel
from schoolwork.files import check_upload
from schoolwork.models import (
    DocumentKind,
    DocumentVersion,
    RiskImportBatch,
    SchoolDocument,
    Visit,
    VisitAttachment,
    VisitKind,
    VisitStatus,
)
from schoolwork.services._files import StoredFiles

THIS_YEAR = timezone.localdate().year
H, M, L = RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW
LEVELS = (H, H, M, M, L, L, M, L, H, L)  # по десяти факторам; высоких и средних — шесть


# --- файлы -----------------------------------------------------------------------------------------


def pdf_bytes(text: str = "test") -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\n% " + text.encode() + b"\ntrailer <<>>\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def odt_bytes() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(
    name: str = "Отчёт о посещении.pdf", content: bytes | None = None, content_type: str = "application/pdf"
):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)


# --- рисковые профили ------------------------------------------------------------------------------


def make_catalogue(year: int = THIS_YEAR, count: int = 10) -> list[RiskFactor]:
    return [
        RiskFactor.objects.get_or_create(year=year, number=n, defaults={"title": f"Тестовый фактор {n}"})[0]
        for n in range(1, count + 1)
    ]


def make_profile(
    school, year: int = THIS_YEAR, levels=LEVELS, *, verified_by=None, directions=()
) -> RiskProfile:
    factors = make_catalogue(year, len(levels))
    profile = RiskProfile.objects.create(
        school=school, year=year, verified_by=verified_by, verified_at=timezone.now() if verified_by else None
    )
    for factor, level in zip(factors, levels, strict=True):
        RiskProfileLevel.objects.create(
            profile=profile, factor=factor, level=level, is_active_direction=factor.number in directions
        )
    return profile


# --- посещения и документы -------------------------------------------------------------------------


def make_visit(school, curator, *, status=VisitStatus.DONE, date=None, with_file=False) -> Visit:
    visit = Visit.objects.create(
        school=school,
        curator=curator,
        status=status,
        kind=VisitKind.FIRST,
        date=date or timezone.localdate() - datetime.timedelta(days=1),
        purpose="Первичное посещение",
        findings="Посмотрели уроки" if status == VisitStatus.DONE else "",
    )
    if with_file:
        store_attachment(visit, curator)
    return visit


def store_attachment(visit, user, name="Протокол.pdf") -> VisitAttachment:
    uploaded = upload(name)
    kind = check_upload(uploaded)
    with StoredFiles("schoolwork/visits") as stored:
        return VisitAttachment.objects.create(visit=visit, uploaded_by=user, **stored.save(uploaded, kind))


def make_document(
    school, user, *, kind=DocumentKind.CONCEPT, year=THIS_YEAR, versions=1, **extra
) -> SchoolDocument:
    document = SchoolDocument.objects.create(school=school, year=year, kind=kind, **extra)
    for number in range(1, versions + 1):
        uploaded = upload(f"Концепция v{number}.pdf", pdf_bytes(f"v{number}"))
        with StoredFiles("schoolwork/documents") as stored:
            DocumentVersion.objects.create(
                document=document,
                number=number,
                uploaded_by=user,
                **stored.save(uploaded, check_upload(uploaded)),
            )
    return document


def make_batch(region, user, year=THIS_YEAR, **extra) -> RiskImportBatch:
    return RiskImportBatch.objects.create(
        region=region, year=year, created_by=user, original_name="РПШ.xlsx", **extra
    )


def schoolwork_foreign_objects(b: dict) -> dict[str, int]:
    """id объектов работы со школами региона Б — для проверки арендности по всем адресам."""
    from accounts.models import Role

    curator = b[Role.CURATOR]
    visit = make_visit(b["s1"], curator, with_file=True)
    document = make_document(b["s1"], b[Role.SCHOOL_TEAM])
    return {
        "visit_id": visit.pk,
        "attachment_id": visit.attachments.get().pk,
        "document_id": document.pk,
        "version_id": document.versions.get().pk,
        "profile_id": make_profile(b["s1"]).pk,
        "batch_id": make_batch(b["region"], b[Role.REGIONAL_COORDINATOR]).pk,
    }


def stored_files() -> list[str]:
    """Все файлы в хранилище (MEDIA_ROOT у каждого теста свой) — чтобы проверить, что ничего не осталось."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
