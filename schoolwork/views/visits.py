"""Посещения: журнал по области, сводка по школам, посещения школы, запись, график, вложения."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access as scoping
from config.web import form_page, paginate, querystring_without_page
from schools.selectors import year_choices
from schoolwork import files, selectors, services
from schoolwork.forms import PlaceYearForm, VisitCompleteForm, VisitFilterForm, VisitForm, VisitPlanForm
from schoolwork.models import Visit, VisitAttachment, VisitStatus
from schoolwork.views.common import place_choices, place_from, services_call, visible_school


@require_GET
def visit_list(request):
    regions, municipalities = place_choices(request)
    form = VisitFilterForm(request.GET or None, regions=regions, municipalities=municipalities)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.VisitFilters(
        place=place_from(data),
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    visits = selectors.visit_list(user=request.user, filters=filters)
    return render(
        request,
        "schoolwork/visit_list.html",
        {
            "page": paginate(request, visits),
            "filter_form": form,
            "querystring": querystring_without_page(request),
            "show_region": len(regions) > 1,
        },
    )


@require_GET
def visit_schools(request):
    regions, municipalities = place_choices(request)
    years = year_choices(user=request.user)
    form = PlaceYearForm(
        request.GET or None,
        regions=regions,
        municipalities=municipalities,
        years=years,
        extra_choices={"visited": ("посещения", [("", "все школы"), ("no", "ещё не посещены в году")])},
    )
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or scoping.current_year()
    schools = selectors.visit_counts_by_school(
        user=request.user, year=year, place=place_from(data), unvisited_only=data.get("visited") == "no"
    )
    return render(
        request,
        "schoolwork/visit_schools.html",
        {
            "page": paginate(request, schools),
            "filter_form": form,
            "year": year,
            "querystring": querystring_without_page(request),
        },
    )


@require_GET
def school_visits(request, school_id: int):
    school = visible_school(request, school_id)
    return render(
        request,
        "schoolwork/school_visits.html",
        {
            "school": school,
            "page": paginate(request, selectors.school_visits(school=school)),
            "can_log": scoping.can_log_visit(request.user, school),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_create(request, school_id: int):
    school = visible_school(request, school_id, may=scoping.can_log_visit)
    form = VisitForm(request.POST or None, request.FILES or None, instance=Visit(status=VisitStatus.DONE))
    return form_page(
        request,
        form,
        save=lambda: services.visit_log(actor=request.user, school=school, **form.cleaned_data),
        success="Посещение записано.",
        done=lambda visit: redirect("schoolwork:visit_detail", visit_id=visit.pk),
        title="Записать проведённое посещение",
        template="schoolwork/visit_form.html",
        extra={"school": school, "submit": "Записать посещение"},
    )


@require_http_methods(["GET", "POST"])
def visit_plan(request, school_id: int):
    school = visible_school(request, school_id, may=scoping.can_log_visit)
    form = VisitPlanForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.visit_plan(actor=request.user, school=school, **form.cleaned_data),
        success="График посещений сохранён.",
        done=lambda _: redirect("schoolwork:school_visits", school_id=school.pk),
        title="Запланировать посещения",
        template="schoolwork/visit_form.html",
        extra={"school": school, "submit": "Запланировать"},
    )


def _editable_visit(request, visit_id: int) -> Visit:
    """Посещение, которое человек видит (иначе 404) и может править (иначе 403)."""
    visit = selectors.visit_card(user=request.user, visit_id=visit_id)
    scoping.require(scoping.can_edit_visit(request.user, visit))
    return visit


@require_GET
def visit_detail(request, visit_id: int):
    visit = selectors.visit_card(user=request.user, visit_id=visit_id)
    return render(
        request,
        "schoolwork/visit_detail.html",
        {
            "visit": visit,
            "school": visit.school,
            "can_edit": scoping.can_edit_visit(request.user, visit),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_edit(request, visit_id: int):
    visit = _editable_visit(request, visit_id)
    form = VisitForm(request.POST or None, request.FILES or None, instance=visit)
    return form_page(
        request,
        form,
        save=lambda: services.visit_update(actor=request.user, visit=visit, **form.cleaned_data),
        success="Изменения сохранены.",
        done=lambda _: redirect("schoolwork:visit_detail", visit_id=visit.pk),
        title=f"Изменить запись: {visit}",
        template="schoolwork/visit_form.html",
        extra={"school": visit.school, "visit": visit, "submit": "Сохранить"},
    )


@require_http_methods(["GET", "POST"])
def visit_complete(request, visit_id: int):
    visit = _editable_visit(request, visit_id)
    form = VisitCompleteForm(request.POST or None, request.FILES or None, instance=visit)
    return form_page(
        request,
        form,
        save=lambda: services.visit_complete(actor=request.user, visit=visit, **form.cleaned_data),
        success="Посещение отмечено проведённым.",
        done=lambda _: redirect("schoolwork:visit_detail", visit_id=visit.pk),
        title=f"Посещение проведено: {visit.school}",
        template="schoolwork/visit_form.html",
        extra={"school": visit.school, "visit": visit, "submit": "Отметить проведённым"},
    )


@require_POST
def visit_delete(request, visit_id: int):
    visit = _editable_visit(request, visit_id)
    if services_call(
        request,
        lambda: services.visit_delete(actor=request.user, visit=visit),
        "Запланированное посещение удалено.",
    ):
        return redirect("schoolwork:school_visits", school_id=visit.school_id)
    return redirect("schoolwork:visit_detail", visit_id=visit.pk)


@require_GET
def visit_attachment(request, attachment_id: int):
    attachment = scoping.get_visible_or_404(request.user, VisitAttachment, attachment_id)
    return files.download_response(attachment.file.name, attachment.original_name, attachment.content_type)


@require_POST
def visit_attachment_delete(request, attachment_id: int):
    attachment = scoping.get_visible_or_404(
        request.user,
        VisitAttachment,
        attachment_id,
        queryset=VisitAttachment.objects.select_related("visit__school__municipality"),
    )
    scoping.require(scoping.can_edit_visit(request.user, attachment.visit))
    services_call(
        request,
        lambda: services.visit_attachment_delete(actor=request.user, attachment=attachment),
        "Вложение удалено.",
    )
    return redirect("schoolwork:visit_detail", visit_id=attachment.visit_id)
