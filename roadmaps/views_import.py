"""Загрузка дорожной карты из файла: «Загрузить из файла» → разбор (в запросе или в фоне с полосой
хода) → предпросмотр с сопоставлением столбцов, выбором уровня, владельца, года и заголовка →
запись одной транзакцией. Права — через access, запись — через roadmaps.services.imports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

import access as scoping
from roadmaps import selectors
from roadmaps.forms_import import ImportApplyForm, UploadForm, owner_options
from roadmaps.importers.columns import FIELD_LABELS, FIELDS, SKIP
from roadmaps.importers.pipeline import LEVEL_LABELS
from roadmaps.models import RoadMap, RoadMapImport
from roadmaps.models_import import ImportStatus
from roadmaps.services import imports

# Предпросмотр большого файла — страницами: таблица по PREVIEW_ROWS строк, предупреждения по PREVIEW_WARNINGS.
PREVIEW_ROWS = 100
PREVIEW_WARNINGS = 50


def _target(request) -> RoadMap | None:
    roadmap_id = request.GET.get("roadmap") or request.POST.get("roadmap")
    if not roadmap_id:
        return None
    roadmap = selectors.roadmap_get(user=request.user, roadmap_id=roadmap_id)
    if not scoping.can_import_into(request.user, roadmap) or not imports.can_be_replaced(roadmap):
        raise PermissionDenied("В эту карту загрузить файл нельзя: она только для чтения или уже утверждена.")
    return roadmap


@require_http_methods(["GET", "POST"])
def import_upload(request):
    target = _target(request)
    if target is None and not owner_options(request.user):
        raise PermissionDenied("Вы не можете заводить дорожные карты.")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.roadmap_import_start(
                actor=request.user, name=upload.name, data=upload.read(), target=target
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("roadmaps:import_preview", import_id=batch.pk)
    return render(request, "roadmaps/import_upload.html", {"form": form, "target": target})


def _batch(request, import_id: int) -> RoadMapImport:
    return scoping.get_visible_or_404(request.user, RoadMapImport, import_id)


def import_status(request, import_id: int):
    """Полоса хода разбора (htmx опрашивает раз в секунду); готово — перейти к предпросмотру."""
    batch = _batch(request, import_id)
    if batch.status != ImportStatus.PARSING:
        response = HttpResponse("")
        response["HX-Redirect"] = reverse("roadmaps:import_preview", kwargs={"import_id": batch.pk})
        return response
    return render(request, "roadmaps/_import_progress.html", {"batch": batch})


def _rows(parsed: dict) -> list[dict]:
    """Строки предпросмотра: разделы и мероприятия, у мероприятия — разобранный срок, ответственные
    (узнанные при разборе организации и остаток) и предупреждения его строки."""
    by_row: dict[int, list[str]] = {}
    for warning in parsed.get("warnings", []):
        by_row.setdefault(warning["row"], []).append(warning["message"])
    rows = []
    for section in parsed.get("sections", []):
        if section["title"]:
            rows.append({"section": section})
        for item in section["items"]:
            rows.append(
                {
                    "item": item,
                    "matched": item.get("matched", []),
                    "unmatched": item.get("unmatched", item["responsible_text"]),
                    "warnings": by_row.get(item["row"], []),
                }
            )
    return rows


@require_http_methods(["GET", "POST"])
def import_preview(request, import_id: int):
    batch = _batch(request, import_id)
    if batch.status == ImportStatus.PARSING:
        return render(request, "roadmaps/import_wait.html", {"batch": batch})
    if batch.status == ImportStatus.APPLIED and batch.result_id:
        return redirect("roadmaps:detail", roadmap_id=batch.result_id)
    parsed = batch.parsed or {}
    options = owner_options(request.user, include=batch.target)
    form = ImportApplyForm(request.POST or None, batch=batch, options=options)
    confirmations: list[str] = []
    if request.method == "POST" and batch.status == ImportStatus.READY and form.is_valid():
        choice = form.choice()
        if not _allowed(request.user, choice):
            raise PermissionDenied("Эту карту вы не можете заводить или править.")
        try:
            roadmap = imports.roadmap_import_apply(actor=request.user, batch=batch, choice=choice)
        except imports.ConfirmationNeeded as needed:
            confirmations = needed.messages
            form.ask_confirmation()
            form.add_error("confirmed", "Подтвердите запись: проверьте числа выше.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Карта записана: мероприятий {roadmap.items.count()}.")
            return redirect("roadmaps:detail", roadmap_id=roadmap.pk)
    rows = _rows(parsed)
    rows_page = Paginator(rows, PREVIEW_ROWS).get_page(request.GET.get("page"))
    warnings = parsed.get("warnings", [])
    warnings_page = Paginator(warnings, PREVIEW_WARNINGS).get_page(request.GET.get("warnings_page"))
    columns = parsed.get("column_list", [])
    return render(
        request,
        "roadmaps/import_preview.html",
        {
            "batch": batch,
            "parsed": parsed,
            "form": form,
            "rows_page": rows_page,
            "warnings_page": warnings_page,
            "warning_count": parsed.get("warning_count", len(warnings)),
            "item_count": sum(1 for row in rows if "item" in row),
            "columns": columns,
            "field_choices": [(field, FIELD_LABELS[field]) for field in (*FIELDS, SKIP)],
            "confirmations": confirmations,
            "modes": imports.MODES,
            "level_label": LEVEL_LABELS.get(parsed.get("level") or "", ""),
        },
    )


def _allowed(user, choice: imports.ApplyChoice) -> bool:
    if choice.mode != imports.NEW:
        return choice.target is not None and scoping.can_import_into(user, choice.target)
    return scoping.can_create_roadmap(
        user, level=choice.level, region=choice.region, municipality=choice.municipality, school=choice.school
    )


@require_POST
def import_reparse(request, import_id: int):
    """Другой лист или другое сопоставление столбцов: файл разбирается заново — без повторной загрузки."""
    batch = _batch(request, import_id)
    if batch.status == ImportStatus.APPLIED:
        raise Http404
    width = len((batch.parsed or {}).get("column_list", []))
    mapping = {}
    for index in range(width):
        value = request.POST.get(f"column_{index}")
        if value is not None and value in (*FIELDS, SKIP):
            mapping[index] = value
    sheet = request.POST.get("sheet")
    sheet_index = int(sheet) if sheet and sheet.isdigit() else None
    if sheet_index is not None and sheet_index != (batch.parsed or {}).get("sheet_index"):
        mapping = {}  # другой лист — другие столбцы: сопоставление заново
    imports.roadmap_import_parse(batch_id=batch.pk, sheet=sheet_index, mapping=mapping or None)
    messages.info(request, "Предпросмотр обновлён по вашему выбору.")
    return redirect("roadmaps:import_preview", import_id=batch.pk)
