"""Рисковые профили: профиль школы, ввод уровней, проверка куратором, направления, обзор по школам."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

import access as scoping
from config import fragments
from config.web import paginate, querystring_without_page, run_service
from schools.models import Region
from schoolwork import risk_selectors as risk
from schoolwork import services
from schoolwork.forms import PlaceYearForm, RiskDirectionsForm, RiskLevelsForm
from schoolwork.views.common import int_or_none, place_choices, place_from, visible_school


def _year(request) -> tuple[int, list[int]]:
    years = risk.catalogue_years()
    year = int_or_none(request.GET.get("year"))
    return (year if year in years else risk.default_year(years)), years


@require_GET
def risk_profile(request, school_id: int):
    school = visible_school(request, school_id)
    year, years = _year(request)
    profile = risk.profile_of(school=school, year=year)
    levels = list(profile.levels.all()) if profile else []
    return render(
        request,
        "schoolwork/risk_profile.html",
        {
            "school": school,
            "year": year,
            "years": years,
            "profile": profile,
            "levels": levels,
            "active_count": sum(row.is_active_direction for row in levels),
            "history": risk.profile_history(profile=profile) if profile else [],
            "can_enter": (profile is None or profile.verified_at is None)
            and scoping.can_enter_risk_profile(request.user, school, year),
            "can_verify": profile is not None and scoping.can_verify_risk_profile(request.user, profile),
        },
    )


@require_http_methods(["GET", "POST"])
def risk_profile_enter(request, school_id: int):
    school = visible_school(request, school_id)
    year, _ = _year(request)
    scoping.require(scoping.can_enter_risk_profile(request.user, school, year))
    profile = risk.profile_of(school=school, year=year)
    current = {row.factor_id: row.level for row in profile.levels.all()} if profile else {}
    form = RiskLevelsForm(
        request.POST or None, factors=risk.factors_of(year), initial_levels=current, versioned=profile
    )
    if request.method == "POST":
        saved = run_service(
            request,
            form,
            lambda: services.risk_profile_enter(
                actor=request.user, school=school, year=year, levels=form.levels()
            ),
            success="Уровни рисков сохранены.",
        )
        if saved:
            return redirect(f"{_profile_url(school)}?year={year}")
    return render(
        request,
        "schoolwork/risk_levels_form.html",
        {
            "form": form,
            "school": school,
            "year": year,
            "submit": "Сохранить уровни",
            "title": f"Результаты анкетирования {year} года: {school}",
            "intro": "Уровень риска по каждому фактору каталога — по результатам анкетирования.",
        },
    )


def _profile_url(school) -> str:
    return reverse("schoolwork:risk_profile", kwargs={"school_id": school.pk})


@require_http_methods(["GET", "POST"])
def risk_profile_verify(request, profile_id: int):
    profile = risk.profile_card(user=request.user, profile_id=profile_id)
    scoping.require(scoping.can_verify_risk_profile(request.user, profile))
    levels = list(profile.levels.all())
    form = RiskLevelsForm(
        request.POST or None,
        factors=[row.factor for row in levels],
        reasons=True,
        initial_levels={row.factor_id: row.level for row in levels},
        versioned=profile,
    )
    if request.method == "GET":
        for row in levels:
            form.fields[f"reason_{row.factor_id}"].initial = row.change_reason
    if request.method == "POST":
        saved = run_service(
            request,
            form,
            lambda: services.risk_profile_verify(
                actor=request.user, profile=profile, levels=form.levels(), reasons=form.reasons()
            ),
            success="Профиль проверен. Теперь активируйте рисковые направления — не меньше двух.",
        )
        if saved:
            return redirect("schoolwork:risk_directions", profile_id=profile.pk)
    return render(
        request,
        "schoolwork/risk_levels_form.html",
        {
            "form": form,
            "school": profile.school,
            "year": profile.year,
            "profile": profile,
            "levels": levels,
            "submit": "Подтвердить профиль",
            "title": f"Проверка рискового профиля {profile.year}: {profile.school}",
            "intro": "Сверьте уровни с тем, что увидели в школе. Если меняете уровень — напишите причину.",
        },
    )


@require_http_methods(["GET", "POST"])
def risk_directions(request, profile_id: int):
    profile = risk.profile_card(user=request.user, profile_id=profile_id)
    scoping.require(scoping.can_verify_risk_profile(request.user, profile))
    levels = list(profile.levels.all())
    form = RiskDirectionsForm(request.POST or None, levels=levels, versioned=profile)
    if request.method == "POST":
        saved = run_service(
            request,
            form,
            lambda: services.risk_directions_activate(
                actor=request.user, profile=profile, factor_ids=form.cleaned_data["factors"]
            ),
            success="Рисковые направления сохранены.",
        )
        if saved:
            return redirect(f"{_profile_url(profile.school)}?year={profile.year}")
    elif profile.verified_at is None:
        messages.warning(
            request, "Профиль ещё не проверен: сначала подтвердите уровни, потом выбирайте направления."
        )
    checked = (
        {int_or_none(v) for v in request.POST.getlist("factors")}
        if request.method == "POST"
        else {row.factor_id for row in levels if row.is_active_direction}
    )
    return render(
        request,
        "schoolwork/risk_directions.html",
        {
            "form": form,
            "profile": profile,
            "school": profile.school,
            "levels": levels,
            "checked": checked,
        },
    )


@require_GET
def risk_overview(request):
    regions, municipalities = place_choices(request)
    years = risk.catalogue_years()
    form = PlaceYearForm(
        request.GET or None,
        regions=regions,
        municipalities=municipalities,
        years=years,
        extra_choices={"status": ("состояние профиля", risk.STATUS_CHOICES)},
    )
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or risk.default_year(years)
    place = place_from(data)
    schools = risk.school_statuses(user=request.user, year=year, place=place, status=data.get("status", ""))
    coordinator_regions = scoping.scope_of(request.user).coordinator_region_ids
    return render(
        request,
        "schoolwork/risk_overview.html",
        {
            "filter_form": form,
            "year": year,
            # Сводки по всем школам области — из кэша под версией области (config.fragments).
            "bars": fragments.cached(
                "risk-bars",
                user=request.user,
                params=(year, place),
                build=lambda: risk.distribution(user=request.user, year=year, place=place),
            ),
            "counts": fragments.cached(
                "risk-counts",
                user=request.user,
                params=(year, place),
                build=lambda: risk.status_counts(user=request.user, year=year, place=place),
            ),
            "page": paginate(request, schools),
            "querystring": querystring_without_page(request),
            "can_import": scoping.visible(request.user, Region).filter(pk__in=coordinator_regions).exists(),
        },
    )
