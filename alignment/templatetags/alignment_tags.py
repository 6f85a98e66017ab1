"""Блок «не отражены пункты региональной карты» на странице муниципальной карты (отдельный include)."""

from django import template

from accounts import scoping
from alignment.selectors import municipal_map_check
from roadmaps.models import Level

register = template.Library()


@register.inclusion_tag("alignment/_gaps.html", takes_context=True)
def municipal_gaps(context, roadmap):
    """Проверяющему и автору карты: какие адресованные муниципалитетам пункты региональной карты
    ещё не отражены в этой карте."""
    user = context["request"].user
    if roadmap.level == Level.REGIONAL:
        return {"roadmap": roadmap, "regional_link": scoping.can_view_alignment(user, roadmap.region)}
    if roadmap.level != Level.MUNICIPAL:
        return {}
    if not (scoping.can_review_roadmap(user, roadmap) or scoping.can_edit_roadmap(user, roadmap)):
        return {}
    alignment = municipal_map_check(user=user, roadmap=roadmap)
    if alignment.regional_map is None:
        return {"roadmap": roadmap, "no_regional_map": True}
    missing = [row for row in alignment.rows if row.gaps]
    return {"roadmap": roadmap, "missing": missing, "total": len(alignment.rows), "shown": True}
