"""Выгрузки PDF/Excel. Права — только через access (в reports.kinds): чужое и несуществующее
одинаково дают 404. Маленькая выгрузка возвращается сразу файлом; большая ставится в очередь, и
человек попадает на страницу задания с прогрессом и потом — ссылкой на файл."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

import access as scoping
from reports import services
from reports.builders.curator import MAX_PERIOD_DAYS, default_period
from reports.formats import FORMAT_LABELS
from reports.models import ExportJob, ExportKind
from schoolwork.files import open_stored_or_404

SPOOL_BYTES = 16 * 1024 * 1024  # меньше — в памяти, больше — во временном файле


class CuratorPeriodForm(forms.Form):
    date_from = forms.DateField(label="с", input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    date_to = forms.DateField(label="по", input_formats=["%Y-%m-%d", "%d.%m.%Y"])

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("Начало периода позже его конца.")
        if start and end and (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError("Отчёт куратора выгружается за период не длиннее трёх лет.")
        return data


def _data(request):
    return request.POST if request.method == "POST" else request.GET


def _year(request) -> int:
    try:
        year = int(_data(request).get("year", ""))
    except ValueError:
        return scoping.current_year()
    return year if 2000 <= year <= 2100 else scoping.current_year()


def _export(request, kind: str, fmt: str, params: dict, *, carry: dict | None = None):
    spec = services.export_spec(kind)
    title = spec.authorize(request.user, params)
    if fmt not in spec.formats:
        raise Http404("Такого формата у этой выгрузки нет")
    if services.export_is_big(kind=kind, params=params, fmt=fmt):
        if request.method != "POST":  # GET ничего не ставит в очередь: спрашиваем подтверждение
            return render(
                request,
                "reports/confirm.html",
                {"title": title, "format": FORMAT_LABELS[fmt], "carry": carry or {}},
            )
        job = services.export_request(
            actor=request.user,
            kind=kind,
            params={**params, "format": fmt},
            title=f"{title} ({FORMAT_LABELS[fmt]})",
        )
        return redirect("reports:job", job_id=job.pk)
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 — закроет FileResponse
    built = services.export_build(kind=kind, params=params, fmt=fmt, out=out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=built.file_name, content_type=built.content_type)


@require_http_methods(["GET", "POST"])
def roadmap_export(request, roadmap_id: int, fmt: str):
    return _export(request, ExportKind.ROADMAP, fmt, {"roadmap_id": roadmap_id})


@require_http_methods(["GET", "POST"])
def stage_export(request, snapshot_id: int, fmt: str):
    return _export(request, ExportKind.STAGE, fmt, {"snapshot_id": snapshot_id})


@require_http_methods(["GET", "POST"])
def curator_export(request, school_id: int, fmt: str):
    data = _data(request)
    start, end = default_period()
    form = CuratorPeriodForm(data) if "date_from" in data or "date_to" in data else None
    if form is not None and form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    params = {"school_id": school_id, "date_from": start.isoformat(), "date_to": end.isoformat()}
    if form is not None and not form.is_valid():
        services.export_spec(ExportKind.CURATOR).authorize(request.user, params)  # чужая школа — 404, не 400
        return render(request, "reports/bad_period.html", {"form": form}, status=400)
    return _export(
        request,
        ExportKind.CURATOR,
        fmt,
        params,
        carry={"date_from": params["date_from"], "date_to": params["date_to"]},
    )


@require_http_methods(["GET", "POST"])
def national_export(request, fmt: str):
    year = _year(request)
    return _export(request, ExportKind.NATIONAL, fmt, {"year": year}, carry={"year": year})


@require_http_methods(["GET", "POST"])
def region_documents_export(request, region_id: int, fmt: str):
    year = _year(request)
    return _export(
        request,
        ExportKind.REGION_DOCUMENTS,
        fmt,
        {"region_id": region_id, "year": year},
        carry={"year": year},
    )


@require_http_methods(["GET", "POST"])
def region_items_export(request, region_id: int, fmt: str):
    year = _year(request)
    return _export(
        request, ExportKind.ROADMAP_ITEMS, fmt, {"region_id": region_id, "year": year}, carry={"year": year}
    )


@require_http_methods(["GET", "POST"])
def national_items_export(request, fmt: str):
    year = _year(request)
    return _export(
        request, ExportKind.ROADMAP_ITEMS, fmt, {"region_id": None, "year": year}, carry={"year": year}
    )


# --- фоновые выгрузки ------------------------------------------------------------------------


@require_GET
def job_list(request):
    jobs = scoping.visible(request.user, ExportJob).order_by("-created_at", "-pk")[:50]
    return render(request, "reports/jobs.html", {"jobs": jobs, "available": services.export_job_available})


@require_GET
def job_detail(request, job_id: int):
    job = scoping.get_visible_or_404(request.user, ExportJob, job_id)
    context = {
        "job": job,
        "progress": services.export_job_progress(job),
        "available": services.export_job_available(job),
    }
    return render(request, "reports/_job_progress.html" if request.htmx else "reports/job.html", context)


@require_GET
def job_download(request, job_id: int):
    job = scoping.get_visible_or_404(request.user, ExportJob, job_id)
    params = {key: value for key, value in job.params.items() if key != "format"}
    services.export_spec(job.kind).authorize(request.user, params)  # права на сами данные — ещё раз
    if not services.export_job_available(job):
        messages.info(request, "Файл этой выгрузки больше не хранится — закажите выгрузку заново.")
        return redirect("reports:job", job_id=job.pk)
    return FileResponse(
        open_stored_or_404(job.file.name),
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type,
    )
