"""Документы школ всего региона за год: лист «Сводка по школам» (как страница «Документы школ» —
школа × вид документа) и лист «Документы» (строка на документ). Школ в регионе — сотни, документов —
тысячи, поэтому оба листа пишутся за один проход двух потоков из базы (школы и их документы в одном
порядке), без загрузки всего в память; число запросов постоянно."""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.utils import timezone

from reports.builders.base import PROGRESS_EVERY, Built, Progress
from reports.builders.streams import CHUNK, Peekable, consistent_read, person_short_name
from reports.formats import XLSX
from reports.xlsx import DATETIME, INT, Column, ExcelBook
from schools.models import CuratorAssignment, Region, RiskProfileLevel, School
from schoolwork.models import DocumentKind, DocumentStatus, DocumentVersion, SchoolDocument
from schoolwork.selectors import MATRIX_COLUMNS, NOT_UPLOADED, STATE_LABELS

KIND_LABELS = {kind: label.capitalize() for kind, label in DocumentKind.choices}
SUMMARY_COLUMNS = [
    Column("Муниципалитет", 28),
    Column("Школа", 34),
    Column("ИНН", 13),
    Column("Куратор", 22),
    *[Column(label, 18) for _, label in MATRIX_COLUMNS],
    Column("Подтверждено документов", 14, INT),
]
DOCUMENT_COLUMNS = [
    Column("Муниципалитет", 28),
    Column("Школа", 34),
    Column("Вид документа", 28),
    Column("Документ", 40),
    Column("Состояние", 24),
    Column("Версий", 9, INT),
    Column("Последняя загрузка", 17, DATETIME),
    Column("Проверен", 17, DATETIME),
    Column("Кем проверен", 22),
    Column("Комментарий куратора", 40),
]


def _count(queryset, field: str = "pk") -> Subquery:
    return Subquery(
        queryset.values(field).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
    )


def _schools(region_id: int, year: int):
    curator = CuratorAssignment.objects.filter(school=OuterRef("pk"), year=year).values(
        name=person_short_name("curator__")
    )[:1]
    directions = RiskProfileLevel.objects.filter(
        profile__school=OuterRef("pk"), profile__year=year, is_active_direction=True
    )
    return (
        School.objects.filter(municipality__region_id=region_id, participations__year=year)
        .annotate(curator_name=Subquery(curator), direction_count=_count(directions, "profile__school"))
        .order_by("municipality__name", "short_name", "pk")
        .values_list("pk", "municipality__name", "short_name", "inn", "curator_name", "direction_count")
    )


def _documents(region_id: int, year: int):
    versions = DocumentVersion.objects.filter(document=OuterRef("pk"))
    last_upload = versions.values("document").annotate(last=Max("uploaded_at")).values("last")[:1]
    return (
        SchoolDocument.objects.filter(school__in=_schools(region_id, year).values("pk"), year=year)
        .annotate(
            version_count=_count(versions, "document"),
            last_upload=Subquery(last_upload),
            reviewer=person_short_name("reviewed_by__"),
        )
        .order_by("school__municipality__name", "school__short_name", "school_id", "kind", "pk")
        .values_list(
            "school_id",
            "kind",
            "title",
            "direction__factor__number",
            "direction__factor__title",
            "status",
            "version_count",
            "last_upload",
            "reviewed_at",
            "reviewer",
            "review_comment",
        )
    )


def _summary_cells(documents: list[tuple], direction_count: int) -> list[str]:
    """Состояние по видам — по тем же правилам, что таблица на странице «Документы школ»."""
    cells = []
    for kind, _ in MATRIX_COLUMNS:
        states = [doc[5] for doc in documents if doc[1] == kind]
        if kind != DocumentKind.ANTIRISK:
            cells.append(STATE_LABELS[states[0] if states else NOT_UPLOADED])
            continue
        if not direction_count and not states:
            cells.append("нет направлений")
            continue
        confirmed = states.count(DocumentStatus.CONFIRMED)
        cells.append(f"подтверждено {confirmed} из {direction_count}, загружено {len(states)}")
    return cells


def _document_label(kind: str, title: str, factor_number: int | None, factor_title: str | None) -> str:
    if kind == DocumentKind.ANTIRISK and factor_title:
        return f"{factor_number}. {factor_title}"
    return title or KIND_LABELS.get(kind, kind)


def documents_title(region_id: int, year: int) -> str:
    return f"Документы школ: {Region.objects.get(pk=region_id).name}, {year} год"


def build_region_documents(*, region_id: int, year: int, out: BinaryIO, progress: Progress) -> Built:
    title = documents_title(region_id, year)
    book = ExcelBook(title=title, generated_at=timezone.now())
    summary = book.sheet("Сводка по школам", title=title, columns=SUMMARY_COLUMNS)
    details = book.sheet("Документы", title=f"{title} — все документы", columns=DOCUMENT_COLUMNS)
    with consistent_read():
        total = _schools(region_id, year).count()
        documents = Peekable(_documents(region_id, year).iterator(chunk_size=CHUNK))
        for done, (school_id, municipality, name, inn, curator, direction_count) in enumerate(
            _schools(region_id, year).iterator(chunk_size=CHUNK), start=1
        ):
            mine = list(documents.take_while(school_id, 0))
            confirmed = sum(doc[5] == DocumentStatus.CONFIRMED for doc in mine)
            summary.append(
                [
                    municipality,
                    name,
                    inn or "",
                    curator or "",
                    *_summary_cells(mine, direction_count or 0),
                    confirmed,
                ]
            )
            for (
                _,
                kind,
                doc_title,
                factor_number,
                factor_title,
                status,
                versions,
                uploaded,
                reviewed_at,
                reviewer,
                comment,
            ) in mine:
                details.append(
                    [
                        municipality,
                        name,
                        KIND_LABELS.get(kind, kind),
                        _document_label(kind, doc_title, factor_number, factor_title),
                        STATE_LABELS.get(status, status),
                        versions or 0,
                        uploaded,
                        reviewed_at,
                        reviewer if reviewer and reviewer.strip(" .") else "",
                        comment,
                    ]
                )
            if done % PROGRESS_EVERY == 0:
                progress(done, total)
    rows = book.save(out)
    progress(total, total)
    return Built(title, XLSX, rows)
