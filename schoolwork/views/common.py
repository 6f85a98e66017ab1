"""Общее для представлений: школа в пределах видимого (с правом на действие), фильтр «регион /
муниципалитет» в пределах видимого человеку, действие-кнопка через сервис."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

import access as scoping
from schools.models import Municipality, Region, School
from schoolwork.selectors import Place

SCHOOL_QS = School.objects.select_related("municipality__region")


def visible_school(request, school_id: int, *, may=None) -> School:
    """Школа, которую человек видит (иначе 404). may(user, school) — право на действие: без него 403."""
    school = scoping.get_visible_or_404(request.user, School, school_id, queryset=SCHOOL_QS)
    if may is not None:
        scoping.require(may(request.user, school))
    return school


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def place_choices(request):
    """Регионы и муниципалитеты для фильтров. Если регион у человека один — он выбран сразу."""
    regions = list(scoping.visible(request.user, Region).only("pk", "name"))
    region_id = int_or_none(request.GET.get("region"))
    if len(regions) == 1:
        region_id = region_id or regions[0].pk
    municipalities = (
        scoping.visible(request.user, Municipality).filter(region_id=region_id).only("pk", "name")
        if region_id
        else Municipality.objects.none()
    )
    return regions, list(municipalities)


def place_from(data: dict) -> Place:
    return Place(region_id=data.get("region"), municipality_id=data.get("municipality"))


def services_call(request, call, success: str):
    """Действие без формы (кнопка): ошибка правила — русским сообщением наверху страницы."""
    try:
        result = call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, success)
    return result if result is not None else True
