"""Что можно выгрузить. Для каждого вида: форматы, проверка прав (только через access:
невидимое и «не ваше» — 404), оценка объёма (маленькое отдаётся сразу, большое собирает фоновая
задача) и сборка файла. Параметры — простые значения (id, год, даты ISO): они же лежат в ExportJob."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.http import Http404

import access as scoping
from accounts.models import User
from monitoring.models import FigureRow, Snapshot
from reports.builders.base import Built, Progress
from reports.builders.curator import build_curator
from reports.builders.documents import build_region_documents
from reports.builders.items import build_roadmap_items, items_title
from reports.builders.monitoring import build_national, build_stage
from reports.builders.roadmap import build_roadmap, roadmap_for_export, roadmap_heading
from reports.builders.word import build_roadmap_docx
from reports.formats import DOCX, PDF, XLSX, ru_date
from reports.models import ExportKind
from roadmaps.models import Item
from roadmaps.selectors import roadmap_get
from schools.models import Region, School
from schoolwork.models import SchoolDocument, Visit


def _allowed(allowed: bool) -> None:
    """Объект виден, но выгрузка не положена роли — тоже 404: существование не раскрываем."""
    if not allowed:
        raise Http404("Не найдено")


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@dataclass(frozen=True)
class ExportSpec:
    kind: str
    formats: tuple[str, ...]
    authorize: Callable[[User, dict], str]  # проверяет права и возвращает название выгрузки
    build: Callable[[dict, str, BinaryIO, Progress], Built]
    estimate_rows: Callable[[dict], int] | None = None  # None — всегда в фоне

    def is_big(self, params: dict, limit: int) -> bool:
        return self.estimate_rows is None or self.estimate_rows(params) > limit


# --- права и названия ------------------------------------------------------------------------


def _authorize_roadmap(user: User, params: dict) -> str:
    roadmap = roadmap_get(user=user, roadmap_id=params["roadmap_id"])
    _allowed(scoping.can_export_roadmap(user, roadmap))
    return roadmap_heading(roadmap)


def _authorize_stage(user: User, params: dict) -> str:
    snapshot = scoping.get_visible_or_404(
        user, Snapshot, params["snapshot_id"], queryset=Snapshot.objects.select_related("stage", "region")
    )
    _allowed(scoping.can_export_stage_report(user, snapshot))
    return f"Мониторинг: {snapshot.region}, {snapshot.stage.title} {snapshot.stage.year}"


def _authorize_curator(user: User, params: dict) -> str:
    school = scoping.get_visible_or_404(
        user, School, params["school_id"], queryset=School.objects.select_related("municipality")
    )
    _allowed(scoping.can_export_curator_report(user, school))
    return (
        f"Отчёт о работе куратора: {school.short_name}, "
        f"{ru_date(_date(params['date_from']))} – {ru_date(_date(params['date_to']))}"
    )


def _authorize_region(user: User, region_id: int) -> Region:
    region = scoping.get_visible_or_404(user, Region, region_id)
    _allowed(scoping.can_export_region_tables(user, region))
    return region


def _authorize_national(user: User, params: dict) -> str:
    _allowed(scoping.can_export_national(user))
    return f"Проект 500+: сводка по всем регионам, {params['year']} год"


def _authorize_region_documents(user: User, params: dict) -> str:
    region = _authorize_region(user, params["region_id"])
    return f"Документы школ: {region.name}, {params['year']} год"


def _authorize_items(user: User, params: dict) -> str:
    if params.get("region_id") is None:
        _allowed(scoping.can_export_national(user))
    else:
        _authorize_region(user, params["region_id"])
    return items_title(params.get("region_id"), params.get("year"))


# --- объём -----------------------------------------------------------------------------------


def _roadmap_rows(params: dict) -> int:
    return Item.objects.filter(roadmap_id=params["roadmap_id"]).count()


def _stage_rows(params: dict) -> int:
    return FigureRow.objects.filter(snapshot_id=params["snapshot_id"]).count()


def _curator_rows(params: dict) -> int:
    date_from, date_to = _date(params["date_from"]), _date(params["date_to"])
    visits = Visit.objects.filter(
        school_id=params["school_id"], date__gte=date_from, date__lte=date_to
    ).count()
    documents = SchoolDocument.objects.filter(
        school_id=params["school_id"], year__gte=date_from.year, year__lte=date_to.year
    ).count()
    return visits + documents


# --- сборка ----------------------------------------------------------------------------------


def _build_roadmap(params: dict, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    if fmt == DOCX:
        roadmap = roadmap_for_export(params["roadmap_id"])
        return build_roadmap_docx(roadmap=roadmap, out=out, progress=progress)
    return build_roadmap(roadmap_id=params["roadmap_id"], fmt=fmt, out=out, progress=progress)


def _build_stage(params: dict, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    return build_stage(snapshot_id=params["snapshot_id"], fmt=fmt, out=out, progress=progress)


def _build_curator(params: dict, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    return build_curator(
        school_id=params["school_id"],
        date_from=_date(params["date_from"]),
        date_to=_date(params["date_to"]),
        fmt=fmt,
        out=out,
        progress=progress,
    )


def _build_national(params: dict, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    return build_national(year=params["year"], fmt=fmt, out=out, progress=progress)


def _build_region_documents(params: dict, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    return build_region_documents(
        region_id=params["region_id"], year=params["year"], out=out, progress=progress
    )


def _build_items(params: dict, fmt: str, out: BinaryIO, progress: Progress) -> Built:
    return build_roadmap_items(
        region_id=params.get("region_id"), year=params.get("year"), out=out, progress=progress
    )


BOTH = (PDF, XLSX)
KINDS: dict[str, ExportSpec] = {
    spec.kind: spec
    for spec in (
        ExportSpec(ExportKind.ROADMAP, (PDF, XLSX, DOCX), _authorize_roadmap, _build_roadmap, _roadmap_rows),
        ExportSpec(ExportKind.STAGE, BOTH, _authorize_stage, _build_stage, _stage_rows),
        ExportSpec(ExportKind.CURATOR, BOTH, _authorize_curator, _build_curator, _curator_rows),
        # Сводка по стране считает показатели всех школ — всегда в фоне.
        ExportSpec(ExportKind.NATIONAL, BOTH, _authorize_national, _build_national),
        ExportSpec(
            ExportKind.REGION_DOCUMENTS, (XLSX,), _authorize_region_documents, _build_region_documents
        ),
        ExportSpec(ExportKind.ROADMAP_ITEMS, (XLSX,), _authorize_items, _build_items),
    )
}
