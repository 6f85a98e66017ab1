"""Документы школ: таблица по школам, документы школы, загрузка версий, подтверждение куратором."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access as scoping
from config.web import form_page, paginate, querystring_without_page, run_service
from schools.models import School
from schools.selectors import year_choices
from schoolwork import files, selectors, services
from schoolwork.forms import DocumentReviewForm, DocumentUploadForm, DocumentVersionForm, PlaceYearForm
from schoolwork.models import DocumentKind, DocumentStatus, DocumentVersion
from schoolwork.views.common import int_or_none, place_choices, place_from, visible_school


def _school_year(request, school: School) -> tuple[int, list[int]]:
    years = sorted(
        {*school.participations.values_list("year", flat=True), scoping.current_year()}, reverse=True
    )
    year = int_or_none(request.GET.get("year"))
    return (year if year in years else scoping.current_year()), years


@require_GET
def document_matrix(request):
    regions, municipalities = place_choices(request)
    form = PlaceYearForm(
        request.GET or None,
        regions=regions,
        municipalities=municipalities,
        years=year_choices(user=request.user),
    )
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or scoping.current_year()
    page = paginate(
        request, selectors.document_matrix_schools(user=request.user, year=year, place=place_from(data))
    )
    return render(
        request,
        "schoolwork/document_matrix.html",
        {
            "page": page,
            "rows": selectors.document_matrix_rows(schools=list(page.object_list), year=year),
            "columns": selectors.MATRIX_COLUMNS,
            "filter_form": form,
            "year": year,
            "querystring": querystring_without_page(request),
        },
    )


@require_GET
def school_documents(request, school_id: int):
    school = visible_school(request, school_id)
    year, years = _school_year(request, school)
    return render(
        request,
        "schoolwork/school_documents.html",
        {
            "school": school,
            "year": year,
            "years": years,
            "slots": selectors.school_documents(school=school, year=year),
            "can_upload": scoping.can_upload_documents(request.user, school),
        },
    )


@require_http_methods(["GET", "POST"])
def document_upload(request, school_id: int):
    school = visible_school(request, school_id, may=scoping.can_upload_documents)
    year, _ = _school_year(request, school)
    directions = selectors.active_directions(school=school, year=year)
    initial = {
        "kind": request.GET.get("kind") or DocumentKind.CONCEPT,
        "direction": request.GET.get("direction"),
    }
    form = DocumentUploadForm(
        request.POST or None, request.FILES or None, directions=directions, initial=initial
    )

    def upload():
        direction = next((d for d in directions if d.pk == form.cleaned_data["direction"]), None)
        return services.document_upload(
            actor=request.user,
            school=school,
            year=year,
            kind=form.cleaned_data["kind"],
            direction=direction,
            title=form.cleaned_data["title"],
            comment=form.cleaned_data["comment"],
            file=form.cleaned_data["file"],
        )

    return form_page(
        request,
        form,
        save=upload,
        success="Документ загружен и ждёт проверки куратора.",
        done=lambda version: redirect("schoolwork:document_detail", document_id=version.document_id),
        title=f"Загрузить документ за {year} год",
        template="schoolwork/document_upload.html",
        extra={"school": school, "year": year},
    )


def _detail(request, document, review_form=None, status=200):
    # Проверять — только то, что ждёт проверки: после подтверждения или возврата форма не висит.
    can_review = scoping.can_review_document(request.user, document) and (
        document.status == DocumentStatus.UPLOADED or review_form is not None
    )
    latest = next(iter(document.versions.all()), None)
    if can_review and review_form is None and latest is not None:
        review_form = DocumentReviewForm(initial={"seen_version": latest.number})
    return render(
        request,
        "schoolwork/document_detail.html",
        {
            "document": document,
            "school": document.school,
            "latest": latest,
            "review_form": review_form if can_review else None,
            "can_upload": scoping.can_upload_documents(request.user, document.school),
            "reviews": document.history.select_related("history_user").order_by("-history_date")[:50],
        },
        status=status,
    )


@require_GET
def document_detail(request, document_id: int):
    return _detail(request, selectors.document_card(user=request.user, document_id=document_id))


@require_http_methods(["GET", "POST"])
def document_new_version(request, document_id: int):
    document = selectors.document_card(user=request.user, document_id=document_id)
    scoping.require(scoping.can_upload_documents(request.user, document.school))
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda: services.document_upload(actor=request.user, document=document, **form.cleaned_data),
        success="Новая версия загружена и ждёт проверки куратора.",
        done=lambda _: redirect("schoolwork:document_detail", document_id=document.pk),
        title=f"Новая версия: {document.label}",
        template="schoolwork/document_upload.html",
        extra={"school": document.school, "year": document.year, "document": document},
    )


def _review(request, document_id: int, action: str):
    document = selectors.document_card(user=request.user, document_id=document_id)
    scoping.require(scoping.can_review_document(request.user, document))
    form = DocumentReviewForm(request.POST)
    if action == "confirm":
        call, success = services.document_confirm, "Документ подтверждён."
    else:
        call, success = services.document_return, "Документ возвращён школе на доработку."
    done = run_service(
        request,
        form,
        lambda: call(actor=request.user, document=document, **form.cleaned_data),
        success=success,
    )
    if done:
        return redirect("schoolwork:document_detail", document_id=document.pk)
    return _detail(
        request, selectors.document_card(user=request.user, document_id=document_id), form, status=400
    )


@require_POST
def document_confirm(request, document_id: int):
    return _review(request, document_id, "confirm")


@require_POST
def document_return(request, document_id: int):
    return _review(request, document_id, "return")


@require_GET
def document_file(request, version_id: int):
    version = scoping.get_visible_or_404(request.user, DocumentVersion, version_id)
    return files.download_response(version.file.name, version.original_name, version.content_type)
