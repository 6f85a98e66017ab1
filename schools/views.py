"""Справочник: регионы → муниципалитеты → школы, организации. Представления тонкие: чтение через
selectors, запись через services, доступ — только через access."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

import access as scoping
from config.web import form_page, paginate, querystring_without_page
from schools import selectors, services
from schools.forms import (
    CuratorAssignmentForm,
    MunicipalityForm,
    OrganisationForm,
    RegionForm,
    SchoolFilterForm,
    SchoolForm,
)
from schools.models import Municipality, Organisation, Region, School


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def region_list(request):
    year = scoping.current_year()
    regions = selectors.region_list(user=request.user, year=year)
    return render(
        request,
        "schools/region_list.html",
        {
            "page": paginate(request, regions, per_page=100),
            "year": year,
            "can_create": scoping.can_create_regions(request.user),
        },
    )


def region_detail(request, region_id: int):
    region = scoping.get_visible_or_404(request.user, Region, region_id)
    year = scoping.current_year()
    municipalities = selectors.municipality_list(user=request.user, year=year, region_id=region.pk)
    return render(
        request,
        "schools/region_detail.html",
        {
            "region": region,
            "year": year,
            "page": paginate(request, municipalities, per_page=100),
            "can_edit": scoping.can_edit(request.user, region),
            "can_add_municipality": scoping.can_create_in_region(request.user, region),
        },
    )


@require_http_methods(["GET", "POST"])
def region_edit(request, region_id: int | None = None):
    region = scoping.get_editable_or_404(request.user, Region, region_id) if region_id else None
    if region is None and not scoping.can_create_regions(request.user):
        raise Http404
    form = RegionForm(request.POST or None, instance=region)
    return form_page(
        request,
        form,
        save=lambda: services.region_save(region=region, **form.cleaned_data),
        success="Регион сохранён.",
        done=lambda saved: redirect("schools:region_detail", region_id=saved.pk),
        title=f"Регион: {region}" if region else "Новый регион",
        cancel_url="schools:regions",
    )


def municipality_list(request):
    year = scoping.current_year()
    search = request.GET.get("q", "").strip()
    region_id = _int_or_none(request.GET.get("region"))
    municipalities = selectors.municipality_list(
        user=request.user, year=year, search=search, region_id=region_id
    )
    return render(
        request,
        "schools/municipality_list.html",
        {
            "page": paginate(request, municipalities),
            "year": year,
            "search": search,
            "region_id": region_id,
            "regions": scoping.visible(request.user, Region),
            "querystring": querystring_without_page(request),
        },
    )


def municipality_detail(request, municipality_id: int):
    municipality = scoping.get_visible_or_404(
        request.user, Municipality, municipality_id, queryset=Municipality.objects.select_related("region")
    )
    year = scoping.current_year()
    schools = selectors.school_list(
        user=request.user, filters=selectors.SchoolFilters(municipality_id=municipality.pk), year=year
    )
    return render(
        request,
        "schools/municipality_detail.html",
        {
            "municipality": municipality,
            "year": year,
            "page": paginate(request, schools),
            "can_edit": scoping.can_edit(request.user, municipality),
        },
    )


@require_http_methods(["GET", "POST"])
def municipality_edit(request, municipality_id: int | None = None):
    municipality = (
        scoping.get_editable_or_404(request.user, Municipality, municipality_id) if municipality_id else None
    )
    # Подсказка региона — только для нового: у существующего initial перекрыл бы его регион пустым.
    initial = {"region": _int_or_none(request.GET.get("region"))} if municipality is None else None
    form = MunicipalityForm(request.POST or None, instance=municipality, user=request.user, initial=initial)
    if municipality is None and not form.fields["region"].queryset.exists():
        raise Http404
    return form_page(
        request,
        form,
        save=lambda: services.municipality_save(municipality=municipality, **form.cleaned_data),
        success="Муниципалитет сохранён.",
        done=lambda saved: redirect("schools:municipality_detail", municipality_id=saved.pk),
        title=f"Муниципалитет: {municipality}" if municipality else "Новый муниципалитет",
        cancel_url="schools:municipalities",
    )


def school_list(request):
    user = request.user
    year = scoping.current_year()
    regions = list(scoping.visible(user, Region).only("pk", "name"))
    region_id = _int_or_none(request.GET.get("region"))
    if len(regions) == 1:
        region_id = region_id or regions[0].pk
    municipalities = (
        scoping.visible(user, Municipality).filter(region_id=region_id).only("pk", "name")
        if region_id
        else scoping.visible(user, Municipality).none()
    )
    filter_form = SchoolFilterForm(
        request.GET or None,
        regions=regions,
        municipalities=municipalities,
        years=selectors.year_choices(user=user),
    )
    data = filter_form.cleaned_data if filter_form.is_valid() else {}
    filters = selectors.SchoolFilters(
        search=data.get("q", ""),
        region_id=data.get("region"),
        municipality_id=data.get("municipality"),
        year=data.get("year"),
        curator=data.get("curator", ""),
    )
    schools = selectors.school_list(user=user, filters=filters, year=year)
    return render(
        request,
        "schools/school_list.html",
        {
            "page": paginate(request, schools),
            "filter_form": filter_form,
            "year": filters.year or year,
            "querystring": querystring_without_page(request),
            "show_region": len(regions) > 1,
            "can_create": scoping.can_administer_people(user),
        },
    )


def school_detail(request, school_id: int):
    year = scoping.current_year()
    school = selectors.school_card(user=request.user, school_id=school_id, year=year)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "year": year,
            "can_edit": scoping.can_edit(request.user, school),
            "can_assign": scoping.can_assign_curators(request.user, school),
        },
    )


@require_http_methods(["GET", "POST"])
def school_edit(request, school_id: int | None = None):
    school = scoping.get_editable_or_404(request.user, School, school_id) if school_id else None
    initial = (
        {"municipality": _int_or_none(request.GET.get("municipality")), "years": [scoping.current_year()]}
        if school is None
        else {}
    )
    form = SchoolForm(request.POST or None, instance=school, user=request.user, initial=initial)
    if school is None and not form.fields["municipality"].queryset.exists():
        raise Http404
    return form_page(
        request,
        form,
        save=lambda: services.school_save(school=school, **form.cleaned_data),
        success="Школа сохранена.",
        done=lambda saved: redirect("schools:school_detail", school_id=saved.pk),
        title=f"Школа: {school}" if school else "Новая школа",
        cancel_url="schools:schools",
    )


@require_http_methods(["GET", "POST"])
def school_curator(request, school_id: int):
    school = scoping.get_visible_or_404(
        request.user, School, school_id, queryset=School.objects.select_related("municipality__region")
    )
    if not scoping.can_assign_curators(request.user, school):
        raise Http404
    years = sorted(school.participations.values_list("year", flat=True), reverse=True) or [
        scoping.current_year()
    ]
    year = _int_or_none(request.GET.get("year")) or years[0]
    current = school.curator_assignments.filter(year=year).first()
    form = CuratorAssignmentForm(
        request.POST or None,
        school=school,
        years=years,
        initial={
            "year": year,
            "curator": current.curator_id if current else None,
            "seen": f"{year}:{current.curator_id if current else 0}",
        },
    )
    return form_page(
        request,
        form,
        save=lambda: services.curator_assign(actor=request.user, school=school, **form.cleaned_data) or True,
        success="Куратор назначен.",
        done=lambda _: redirect("schools:school_detail", school_id=school.pk),
        title=f"Куратор школы «{school}»",
        cancel_url="schools:schools",
    )


def organisation_list(request):
    organisations = (
        scoping.visible(request.user, Organisation)
        .select_related("region")
        .order_by("region__name", "kind", "short_name")
    )
    region_id = _int_or_none(request.GET.get("region"))
    if region_id:
        organisations = organisations.filter(region_id=region_id)
    return render(
        request,
        "schools/organisation_list.html",
        {
            "page": paginate(request, organisations),
            "querystring": querystring_without_page(request),
            "regions": scoping.visible(request.user, Region),
            "region_id": region_id,
            "can_create": scoping.can_administer_people(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id: int | None = None):
    organisation = (
        scoping.get_editable_or_404(request.user, Organisation, organisation_id) if organisation_id else None
    )
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if organisation is None and not form.fields["region"].queryset.exists():
        raise Http404
    return form_page(
        request,
        form,
        save=lambda: services.organisation_save(organisation=organisation, **form.cleaned_data),
        success="Организация сохранена.",
        done=lambda saved: redirect("schools:organisations"),
        title=f"Организация: {organisation}" if organisation else "Новая организация",
        cancel_url="schools:organisations",
    )
