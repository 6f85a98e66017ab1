"""Загрузка рисковых профилей региона из Excel: шаблон → файл → предпросмотр → подтверждение."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access as scoping
from config.web import run_service
from schools.models import Region
from schoolwork import excel, services
from schoolwork import risk_selectors as risk
from schoolwork.forms import RiskImportForm
from schoolwork.models import ImportStatus, RiskImportBatch
from schoolwork.views.common import int_or_none, services_call

PREVIEW_ROWS = 100
PREVIEW_ERRORS = 50  # ошибки загрузки — тоже страницами (их в базе не больше MAX_STORED_ERRORS)


def _import_regions(user):
    """Регионы, куда человек вправе загружать профили (региональный координатор); нет таких — 404."""
    regions = [r for r in scoping.visible(user, Region) if scoping.can_import_risk_profiles(user, r)]
    if not regions:
        raise Http404
    return regions


@require_http_methods(["GET", "POST"])
def risk_import(request):
    regions = _import_regions(request.user)
    years = risk.catalogue_years()
    form = RiskImportForm(
        request.POST or None,
        request.FILES or None,
        regions=regions,
        years=years,
        initial={"year": risk.default_year(years), "region": regions[0].pk},
    )
    if request.method == "POST":

        def preview():
            region = next(r for r in regions if r.pk == form.cleaned_data["region"])
            return services.risk_profiles_import_preview(
                actor=request.user,
                region=region,
                year=form.cleaned_data["year"],
                file=form.cleaned_data["file"],
            )

        batch = run_service(request, form, preview)
        if batch:
            return redirect("schoolwork:risk_import_preview", batch_id=batch.pk)
    return render(request, "schoolwork/risk_import.html", {"form": form, "regions": regions, "years": years})


@require_GET
def risk_import_template(request):
    regions = _import_regions(request.user)
    region = next((r for r in regions if r.pk == int_or_none(request.GET.get("region"))), regions[0])
    years = risk.catalogue_years()
    year = int_or_none(request.GET.get("year"))
    year = year if year in years else risk.default_year(years)
    factors = risk.factors_of(year)
    schools, levels = risk.import_template_rows(region=region, year=year)
    content = excel.build_template(
        region_name=region.name,
        year=year,
        factors=factors,
        levels=levels,
        schools=[(s.pk, s.inn, s.municipality.name, s.short_name) for s in schools],
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"РПШ {region.name} {year}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def risk_import_preview(request, batch_id: int):
    batch = scoping.get_visible_or_404(
        request.user, RiskImportBatch, batch_id, queryset=RiskImportBatch.objects.select_related("region")
    )
    factors = risk.factors_of(batch.year)
    rows_page = Paginator(batch.rows, PREVIEW_ROWS).get_page(request.GET.get("page"))
    actions = {"create": 0, "update": 0, "same": 0, "verified": 0}
    for row in batch.rows:
        actions[row["action"]] += 1
    return render(
        request,
        "schoolwork/risk_import_preview.html",
        {
            "batch": batch,
            "factors": factors,
            "page": rows_page,
            "actions": actions,
            "error_rows": risk.import_error_rows(batch.errors),
            "errors_page": Paginator(batch.errors, PREVIEW_ERRORS).get_page(request.GET.get("errors_page")),
            "rows": [
                (row, [row["levels"].get(str(f.pk), "") for f in factors]) for row in rows_page.object_list
            ],
        },
    )


@require_POST
def risk_import_apply(request, batch_id: int):
    batch = scoping.get_visible_or_404(request.user, RiskImportBatch, batch_id)
    try:
        batch = services.risk_profiles_import_confirm(actor=request.user, batch=batch)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("schoolwork:risk_import_preview", batch_id=batch.pk)
    if batch.status == ImportStatus.APPLIED:
        messages.success(request, f"Рисковые профили записаны: {batch.applied_count}.")
        return redirect(f"{reverse('schoolwork:risk_overview')}?year={batch.year}&region={batch.region_id}")
    messages.info(request, "Файл большой — профили записываются в фоне. Страница обновится сама.")
    return redirect("schoolwork:risk_import_preview", batch_id=batch.pk)


@require_POST
def risk_import_discard(request, batch_id: int):
    batch = scoping.get_visible_or_404(request.user, RiskImportBatch, batch_id)
    services_call(
        request,
        lambda: services.risk_profiles_import_discard(actor=request.user, batch=batch),
        "Загрузка отменена, профили не изменены.",
    )
    return redirect("schoolwork:risk_import")
