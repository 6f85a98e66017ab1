"""Отчёт о работе куратора со школой за период: посещения, рисковый профиль (на год конца периода) и
состояние документов школы по годам периода. Чтение — теми же выборками, что страницы школы
(schoolwork.selectors, schoolwork.risk_selectors); запросов — постоянное число на год периода."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import BinaryIO

from django.utils import timezone

from reports.builders.base import Built, Progress
from reports.formats import PDF, XLSX, ru_date
from reports.pdf import render_pdf
from reports.xlsx import DATE, DATETIME, INT, Column, ExcelBook
from schools.models import CuratorAssignment, RiskProfile, School
from schoolwork.models import Visit
from schoolwork.risk_selectors import LEVEL_LABELS
from schoolwork.selectors import Slot, school_documents

MAX_PERIOD_DAYS = 3 * 366  # отчёт куратора — за год-два; длиннее — это уже не отчёт за период


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """Период по умолчанию — с начала года по сегодня."""
    today = today or timezone.localdate()
    return today.replace(month=1, day=1), today


@dataclass
class YearDocuments:
    year: int
    slots: list[Slot]


@dataclass
class CuratorReport:
    school: School
    date_from: datetime.date
    date_to: datetime.date
    curators: list[str]
    visits: list[Visit]
    profile: RiskProfile | None
    documents: list[YearDocuments]

    @property
    def title(self) -> str:
        return (
            f"Отчёт о работе куратора: {self.school.short_name}, "
            f"{ru_date(self.date_from)} – {ru_date(self.date_to)}"
        )

    @property
    def profile_state(self) -> str:
        if self.profile is None:
            return "рисковый профиль не внесён"
        if self.profile.verified_at is None:
            return f"рисковый профиль {self.profile.year} года внесён, куратором не проверен"
        who = f" ({self.profile.verified_by.short_name})" if self.profile.verified_by else ""
        when = ru_date(self.profile.verified_at)
        return f"рисковый профиль {self.profile.year} года проверен куратором {when}{who}"


def curator_report(*, school_id: int, date_from: datetime.date, date_to: datetime.date) -> CuratorReport:
    school = School.objects.select_related("municipality__region").get(pk=school_id)
    years = list(range(date_from.year, date_to.year + 1))
    curators = [
        f"{a.year}: {a.curator.full_name}"
        for a in CuratorAssignment.objects.filter(school=school, year__in=years)
        .select_related("curator")
        .order_by("year")
    ]
    visits = list(
        school.visits.filter(date__gte=date_from, date__lte=date_to)
        .select_related("curator")
        .order_by("date", "pk")
    )
    profile = (
        RiskProfile.objects.filter(school=school, year__lte=date_to.year)
        .select_related("verified_by")
        .prefetch_related("levels__factor")
        .order_by("-year")
        .first()
    )
    documents = [YearDocuments(year, school_documents(school=school, year=year)) for year in years]
    return CuratorReport(school, date_from, date_to, curators, visits, profile, documents)


def _levels(profile: RiskProfile | None) -> list:
    if profile is None:
        return []
    return sorted(profile.levels.all(), key=lambda level: level.factor.number)


def _visit_results(visit: Visit) -> str:
    parts = [visit.findings.strip()]
    if visit.recommendations.strip():
        parts.append(f"Рекомендации: {visit.recommendations.strip()}")
    if visit.next_steps.strip():
        parts.append(f"Договорённости: {visit.next_steps.strip()}")
    return "\n".join(part for part in parts if part)


def build_curator(
    *,
    school_id: int,
    date_from: datetime.date,
    date_to: datetime.date,
    fmt: str,
    out: BinaryIO,
    progress: Progress,
) -> Built:
    report = curator_report(school_id=school_id, date_from=date_from, date_to=date_to)
    levels = _levels(report.profile)
    rows = len(report.visits) + len(levels) + sum(len(year.slots) for year in report.documents)
    generated_at = timezone.now()
    if fmt == PDF:
        pages = render_pdf(
            template="reports/pdf/curator.html",
            out=out,
            context={
                "title": report.title,
                "report": report,
                "levels": levels,
                "generated_at": generated_at,
                "level_labels": LEVEL_LABELS,
                "results": {visit.pk: _visit_results(visit) for visit in report.visits},
            },
        )
        progress(rows, rows)
        return Built(report.title, PDF, rows, pages)
    book = ExcelBook(title=report.title, generated_at=generated_at)
    school = report.school
    notes = [
        f"{school.full_name}; {school.municipality}, {school.municipality.region}",
        f"Кураторы: {', '.join(report.curators) or 'не назначены'}",
    ]
    visits = book.sheet(
        "Посещения",
        title=report.title,
        notes=notes,
        columns=[
            Column("Дата", 12, DATE),
            Column("Вид посещения", 20),
            Column("Состояние", 14),
            Column("Куратор", 22),
            Column("Цель посещения", 40),
            Column("Результаты и рекомендации", 60),
            Column("Участники", 30),
            Column("Отмечено проведённым", 17, DATETIME),
        ],
    )
    for visit in report.visits:
        visits.append(
            [
                visit.date,
                visit.get_kind_display(),
                visit.get_status_display(),
                visit.curator.short_name,
                visit.purpose,
                _visit_results(visit),
                visit.participants,
                visit.completed_at,
            ]
        )
    profile = book.sheet(
        "Рисковый профиль",
        title=f"{report.title} — рисковый профиль",
        notes=[report.profile_state],
        columns=[
            Column("№", 5, INT),
            Column("Рисковый фактор", 60),
            Column("Уровень по анкетированию", 16),
            Column("Уровень", 12),
            Column("Рисковое направление", 14),
            Column("Причина изменения уровня", 40),
        ],
    )
    for level in levels:
        profile.append(
            [
                level.factor.number,
                level.factor.title,
                LEVEL_LABELS.get(level.survey_level, ""),
                LEVEL_LABELS.get(level.level, level.level),
                "да" if level.is_active_direction else "нет",
                level.change_reason,
            ]
        )
    documents = book.sheet(
        "Документы",
        title=f"{report.title} — документы школы",
        columns=[
            Column("Год", 7, INT),
            Column("Документ", 50),
            Column("Состояние", 24),
            Column("Версий", 9, INT),
            Column("Проверен", 17, DATETIME),
            Column("Кем проверен", 22),
            Column("Комментарий куратора", 40),
        ],
    )
    for year in report.documents:
        for slot in year.slots:
            document = slot.document
            documents.append(
                [
                    year.year,
                    slot.label,
                    slot.state_label,
                    len(document.versions.all()) if document else 0,
                    document.reviewed_at if document else None,
                    document.reviewed_by.short_name if document and document.reviewed_by else "",
                    document.review_comment if document else "",
                ]
            )
    book.save(out)
    progress(rows, rows)
    return Built(report.title, XLSX, rows)
