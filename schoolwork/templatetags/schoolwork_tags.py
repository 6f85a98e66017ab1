"""Блоки карточки школы (рисковый профиль, посещения, документы): карточку рисует приложение schools,
а эти блоки подключаются одной строкой шаблона и сами спрашивают scoping, что человеку можно."""

from django import template

import access as scoping
from schoolwork import risk_selectors, selectors

register = template.Library()

RECENT_VISITS = 5


@register.inclusion_tag("schoolwork/_school_card.html", takes_context=True)
def school_work_summary(context, school):
    user = context["request"].user
    year = scoping.current_year()
    risk_year = risk_selectors.default_year(risk_selectors.catalogue_years())
    profile = risk_selectors.profile_of(school=school, year=risk_year)
    levels = list(profile.levels.all()) if profile else []
    visits = list(selectors.school_visits(school=school)[:RECENT_VISITS])
    return {
        "school": school,
        "year": year,
        "risk_year": risk_year,
        "profile": profile,
        "high_count": sum(row.level == "high" for row in levels),
        "directions": [row for row in levels if row.is_active_direction],
        "visits": visits,
        "slots": selectors.school_documents(school=school, year=year),
        "can_log": scoping.can_log_visit(user, school),
        "can_upload": scoping.can_upload_documents(user, school),
        "can_enter": profile is None and scoping.can_enter_risk_profile(user, school, risk_year),
    }
