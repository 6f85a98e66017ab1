"""Страницы карты: список, создание, редактор с фильтрами, шкала времени, история, переходы состояний,
обзор муниципальных карт региона. Доступ — через access, запись — через roadmaps.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

import access as scoping
from config.web import paginate, querystring_without_page, run_service
from roadmaps import history, rows_cache, selectors, services, timeline
from roadmaps.forms import CommentForm, FilterForm, RoadMapCreateForm, RoadMapSettingsForm
from roadmaps.models import Level, MapStatus, RoadMap
from schools.models import Municipality, Region, School


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def editable_roadmap_or_404(user, roadmap_id: int) -> RoadMap:
    roadmap = selectors.roadmap_get(user=user, roadmap_id=roadmap_id)
    if not scoping.can_edit_roadmap(user, roadmap):
        raise PermissionDenied("Эта карта вам доступна только для чтения.")
    return roadmap


def roadmap_list(request):
    year = _int_or_none(request.GET.get("year"))
    level = request.GET.get("level", "") if request.GET.get("level", "") in Level.values else ""
    page = paginate(request, selectors.roadmap_list(user=request.user, year=year, level=level))
    page.object_list = selectors.with_item_counts(page.object_list)
    return render(
        request,
        "roadmaps/list.html",
        {
            "page": page,
            "year": year,
            "level": level,
            "levels": Level.choices,
            "querystring": querystring_without_page(request),
            "creatable": _creatable(request.user),
            "awaiting": selectors.maps_awaiting_review(user=request.user),
        },
    )


def _creatable(user) -> list[tuple[str, str, str]]:
    """Какие карты человек может завести: (уровень, параметр владельца, подпись)."""
    regions, municipalities, schools = scoping.roadmap_owner_choices(user)
    return [
        *[(Level.REGIONAL, f"region={r.pk}", f"Региональная карта — {r}") for r in regions],
        *[(Level.MUNICIPAL, f"municipality={m.pk}", f"Муниципальная карта — {m}") for m in municipalities],
        *[(Level.SCHOOL, f"school={s.pk}", f"Карта школы — {s}") for s in schools],
    ]


@require_http_methods(["GET", "POST"])
def roadmap_create(request):
    level = request.GET.get("level", "")
    owner = {
        "region": scoping.get_visible_or_404(request.user, Region, request.GET.get("region"))
        if level == Level.REGIONAL
        else None,
        "municipality": scoping.get_visible_or_404(
            request.user, Municipality, request.GET.get("municipality")
        )
        if level == Level.MUNICIPAL
        else None,
        "school": scoping.get_visible_or_404(request.user, School, request.GET.get("school"))
        if level == Level.SCHOOL
        else None,
    }
    if level not in Level.values or not scoping.can_create_roadmap(request.user, level=level, **owner):
        raise Http404
    form = RoadMapCreateForm(request.POST or None, level=level, initial={"year": scoping.current_year()})
    if request.method == "POST":
        roadmap = run_service(
            request,
            form,
            lambda: services.roadmap_create(actor=request.user, level=level, **owner, **form.cleaned_data),
            success="Карта создана.",
        )
        if roadmap:
            return redirect("roadmaps:detail", roadmap_id=roadmap.pk)
    owner_name = next(o for o in owner.values() if o is not None)
    return render(
        request,
        "roadmaps/form.html",
        {"form": form, "title": f"Новая {Level(level).label} карта — {owner_name}"},
    )


def roadmap_detail(request, roadmap_id: int):
    roadmap = selectors.roadmap_get(user=request.user, roadmap_id=roadmap_id)
    organisations, users = selectors.responsible_choices(roadmap=roadmap)
    filter_form = FilterForm(request.GET or None, organisations=organisations, users=users)
    filters = selectors.filters_from_query(request.GET)
    can_edit = scoping.can_edit_roadmap(request.user, roadmap)
    can_execute = scoping.is_roadmap_owner(request.user, roadmap)
    rows = rows_cache.rendered_rows(
        request, roadmap=roadmap, filters=filters, can_edit=can_edit, can_execute=can_execute
    )
    if request.htmx and request.htmx.target == "map-rows":
        return HttpResponse(rows.html)
    context = {
        "roadmap": roadmap,
        "view": rows.view,
        "rows_html": rows.html,
        "filter_form": filter_form,
        "filters": filters,
        "can_edit": can_edit,
        "can_execute": can_execute,
        "plan_closed": scoping.plan_closed_reason(roadmap),
        "can_submit": scoping.can_submit_roadmap(request.user, roadmap)
        and roadmap.status in (MapStatus.DRAFT, MapStatus.RETURNED),
        "can_review": scoping.can_review_roadmap(request.user, roadmap),
        "transitions": selectors.transitions(roadmap=roadmap),
        "comment_form": CommentForm(),
    }
    return render(request, "roadmaps/detail.html", context)


@require_http_methods(["GET", "POST"])
def roadmap_settings(request, roadmap_id: int):
    roadmap = editable_roadmap_or_404(request.user, roadmap_id)
    form = RoadMapSettingsForm(request.POST or None, instance=roadmap)
    if request.method == "POST" and run_service(
        request,
        form,
        lambda: services.roadmap_update(roadmap=roadmap, **form.cleaned_data),
        success="Свойства карты сохранены.",
    ):
        return redirect("roadmaps:detail", roadmap_id=roadmap.pk)
    return render(
        request,
        "roadmaps/form.html",
        {"form": form, "title": f"Свойства карты: {roadmap.title}", "roadmap": roadmap},
    )


@require_POST
def roadmap_copy(request, roadmap_id: int):
    """Копия карты на следующий год — отправная точка новой карты."""
    source = selectors.roadmap_get(user=request.user, roadmap_id=roadmap_id)
    year = source.year + 1
    if not scoping.can_create_roadmap(
        request.user,
        level=source.level,
        region=source.region,
        municipality=source.municipality,
        school=source.school,
    ):
        raise PermissionDenied("Создавать такие карты вам нельзя.")
    try:
        copy = services.roadmap_copy(actor=request.user, source=source, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmaps:detail", roadmap_id=source.pk)
    messages.success(
        request,
        f"Создана карта на {year} год по образцу {source.year} года. "
        "Проверьте сроки, отмеченные как требующие внимания.",
    )
    return redirect("roadmaps:detail", roadmap_id=copy.pk)


TRANSITIONS = {
    "submit": (
        scoping.can_submit_roadmap,
        services.roadmap_submit,
        "Карта отправлена на рассмотрение. Пока её рассматривают, план менять нельзя.",
    ),
    "approve": (scoping.can_review_roadmap, services.roadmap_approve, "Карта утверждена."),
    "return": (scoping.can_review_roadmap, services.roadmap_return, "Карта возвращена на доработку."),
    "reopen": (
        scoping.can_review_roadmap,
        services.roadmap_reopen,
        "План карты открыт для правки; отметки об исполнении сохранены.",
    ),
}


@require_POST
def roadmap_transition(request, roadmap_id: int, action: str):
    roadmap = selectors.roadmap_get(user=request.user, roadmap_id=roadmap_id)
    if action not in TRANSITIONS:
        raise Http404
    allowed, service, success = TRANSITIONS[action]
    if not allowed(request.user, roadmap):
        raise PermissionDenied("Это действие с картой вам недоступно.")
    form = CommentForm(request.POST)
    if action == "approve" and request.POST.get("confirm") != "1":
        # Утверждение закрывает план на год — сначала спрашиваем, показав комментарий автора.
        return render(
            request,
            "roadmaps/approve_confirm.html",
            {
                "roadmap": roadmap,
                "comment": request.POST.get("comment", ""),
                "submitted": selectors.transitions(roadmap=roadmap)
                .filter(to_status=MapStatus.SUBMITTED)
                .first(),
                "item_count": roadmap.items.count(),
            },
        )
    if (
        run_service(
            request,
            form,
            lambda: service(roadmap=roadmap, actor=request.user, **form.cleaned_data),
            success=success,
        )
        is None
    ):
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("roadmaps:detail", roadmap_id=roadmap.pk)


def roadmap_timeline(request, roadmap_id: int):
    roadmap = selectors.roadmap_get(user=request.user, roadmap_id=roadmap_id)
    return render(
        request,
        "roadmaps/timeline.html",
        {"roadmap": roadmap, "chart": timeline.build(selectors.map_rows(roadmap=roadmap))},
    )


def roadmap_history(request, roadmap_id: int):
    roadmap = selectors.roadmap_get(user=request.user, roadmap_id=roadmap_id)
    entries = history.roadmap_history(roadmap)
    return render(
        request,
        "roadmaps/history.html",
        {
            "roadmap": roadmap,
            "page": paginate(request, entries, per_page=history.HISTORY_PAGE_SIZE),
            "total": len(entries),
            "deleted": history.deleted_items(roadmap),
            "can_edit": scoping.can_edit_roadmap(request.user, roadmap),
            "limit": history.MAP_HISTORY_LIMIT,
        },
    )


def municipal_overview(request, region_id: int):
    region = scoping.get_visible_or_404(request.user, Region, region_id)
    year = _int_or_none(request.GET.get("year")) or scoping.current_year()
    states, deadline = selectors.municipal_maps_overview(user=request.user, region=region, year=year)
    return render(
        request,
        "roadmaps/municipal_overview.html",
        {
            "region": region,
            "year": year,
            "states": states,
            "deadline": deadline,
            "counts": {s: sum(1 for x in states if x.state == s) for s in ("not_started", *MapStatus.values)},
            "overdue_count": sum(1 for x in states if x.overdue),
        },
    )
