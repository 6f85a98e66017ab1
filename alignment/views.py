"""Сверка муниципальных карт с региональной: сводная по региону, по одной карте, связи пунктов."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

import access as scoping
from alignment import selectors, services, suggestions
from alignment.export import alignment_title, write_alignment_xlsx
from alignment.models import ItemLink, LinkSource, SuggestionRejection
from reports.formats import CONTENT_TYPES, XLSX, file_name
from roadmaps.models import Item, Level, RoadMap
from roadmaps.selectors import roadmap_get, roadmap_items
from schools.models import Region


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _region_matrix(request, region_id: int):
    region = scoping.get_visible_or_404(request.user, Region, region_id)
    if not scoping.can_view_alignment(request.user, region):
        raise Http404("Не найдено")
    year = _int(request.GET.get("year")) or scoping.current_year()
    municipality_id = _int(request.GET.get("municipality"))
    gaps_only = request.GET.get("gaps") == "1"
    alignment = selectors.alignment_matrix(
        user=request.user,
        region=region,
        year=year,
        municipality_ids=[municipality_id] if municipality_id else None,
        gaps_only=gaps_only,
    )
    return region, year, municipality_id, gaps_only, alignment


@require_GET
def region_alignment(request, region_id: int):
    region, year, municipality_id, gaps_only, alignment = _region_matrix(request, region_id)
    return render(
        request,
        "alignment/region.html",
        {
            "region": region,
            "year": year,
            "alignment": alignment,
            "municipality_id": municipality_id,
            "gaps_only": gaps_only,
            "municipality_choices": alignment.municipality_choices,
            "query_string": request.GET.urlencode(),
        },
    )


@require_GET
def region_alignment_xlsx(request, region_id: int):
    _region, _year, _municipality_id, _gaps_only, alignment = _region_matrix(request, region_id)
    out = io.BytesIO()
    write_alignment_xlsx(alignment, out)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[XLSX])
    name = file_name(alignment_title(alignment), XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _municipal_map_or_404(user, roadmap_id: int) -> RoadMap:
    roadmap = roadmap_get(user=user, roadmap_id=roadmap_id)
    if roadmap.level != Level.MUNICIPAL:
        raise Http404("Сверка с региональной картой есть только у муниципальных карт")
    return roadmap


@require_GET
def map_alignment(request, roadmap_id: int):
    roadmap = _municipal_map_or_404(request.user, roadmap_id)
    alignment = selectors.municipal_map_check(user=request.user, roadmap=roadmap)
    can_link = scoping.can_link_items(request.user, roadmap)
    return render(
        request,
        "alignment/map.html",
        {
            "roadmap": roadmap,
            "alignment": alignment,
            "can_link": can_link,
            "can_accept": scoping.can_accept_suggestions(request.user, roadmap),
            "can_reject": scoping.can_reject_suggestions(request.user, roadmap),
            "rejections": selectors.rejection_history(user=request.user, roadmap=roadmap),
            "own_items": roadmap_items(roadmap=roadmap).only(
                "pk", "roadmap_id", "description", "source_number", "position"
            )  # roadmap_id читают при создании объекта: без него — запрос на каждое мероприятие
            if can_link
            else [],
        },
    )


@require_GET
def map_gaps(request, roadmap_id: int):
    """Фрагмент для страницы муниципальной карты: «не отражены пункты …» (подгружается htmx)."""
    from alignment.templatetags.alignment_tags import gaps_context

    roadmap = _municipal_map_or_404(request.user, roadmap_id)
    return render(request, "alignment/_gaps.html", gaps_context(user=request.user, roadmap=roadmap))


def _back(request, roadmap: RoadMap):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("alignment:map", roadmap_id=roadmap.pk)


def _posted_pair(request, roadmap: RoadMap) -> tuple[Item, Item] | None:
    """Пара из формы: пункт этой муниципальной карты и пункт региональной — оба через scoping (чужое —
    404); пункт другой карты — тоже 404. None — в форме нет одного из номеров."""
    municipal_id = _int(request.POST.get("municipal_item"))
    regional_id = _int(request.POST.get("regional_item"))
    if municipal_id is None or regional_id is None:
        return None
    municipal_item = scoping.get_visible_or_404(request.user, Item, municipal_id)
    regional_item = scoping.get_visible_or_404(request.user, Item, regional_id)
    if municipal_item.roadmap_id != roadmap.pk:
        raise Http404("Не найдено")
    return municipal_item, regional_item


@require_POST
def link_create(request, roadmap_id: int):
    roadmap = _municipal_map_or_404(request.user, roadmap_id)
    can_link = scoping.can_link_items(request.user, roadmap)
    if not (can_link or scoping.can_accept_suggestions(request.user, roadmap)):
        raise PermissionDenied("Связывать пункты этой карты вы не можете.")
    pair = _posted_pair(request, roadmap)
    if pair is None:
        messages.error(request, "Выберите пункт муниципальной карты, который отвечает на пункт региональной.")
        return _back(request, roadmap)
    municipal_item, regional_item = pair
    source = LinkSource.AUTHOR if can_link else LinkSource.REVIEWER
    try:
        services.item_link_create(
            actor=request.user, municipal_item=municipal_item, regional_item=regional_item, source=source
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Связь сохранена.")
    return _back(request, roadmap)


@require_POST
def link_delete(request, link_id: int):
    link = scoping.get_visible_or_404(
        request.user, ItemLink, link_id, queryset=ItemLink.objects.select_related("municipal_item__roadmap")
    )
    roadmap = link.municipal_item.roadmap
    user = request.user
    if not (scoping.can_link_items(user, roadmap) or scoping.can_accept_suggestions(user, roadmap)):
        raise PermissionDenied("Снять эту связь вы не можете.")
    services.item_link_delete(link=link)
    messages.success(request, "Связь снята.")
    return _back(request, roadmap)


@require_POST
def suggestion_reject(request, roadmap_id: int):
    """«Это не ответ»: подсказка пары больше не предлагается (кто и когда — в истории, можно вернуть)."""
    roadmap = _municipal_map_or_404(request.user, roadmap_id)
    if not scoping.can_reject_suggestions(request.user, roadmap):
        raise PermissionDenied("Отклонять подсказки сверки этой карты вы не можете.")
    pair = _posted_pair(request, roadmap)
    if pair is None:
        messages.error(request, "Не указано, какую подсказку отклонить.")
        return _back(request, roadmap)
    municipal_item, regional_item = pair
    try:
        suggestions.suggestion_reject(
            actor=request.user, regional_item=regional_item, municipal_item=municipal_item
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Подсказка отклонена и больше не предлагается. Вернуть — в истории ниже.")
    return _back(request, roadmap)


@require_POST
def rejection_undo(request, rejection_id: int):
    rejection = scoping.get_visible_or_404(
        request.user,
        SuggestionRejection,
        rejection_id,
        queryset=SuggestionRejection.objects.select_related("municipal_map__region"),
    )
    roadmap = rejection.municipal_map
    if not scoping.can_reject_suggestions(request.user, roadmap):
        raise PermissionDenied("Возвращать подсказки сверки этой карты вы не можете.")
    suggestions.suggestion_rejection_undo(actor=request.user, rejection=rejection)
    messages.success(request, "Подсказка возвращена в сверку.")
    return _back(request, roadmap)
