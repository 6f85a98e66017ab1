"""Домашняя страница роли (блоки — home.selectors.home_sections)."""

from django.shortcuts import render

import access as scoping
from home import selectors


def home(request):
    return render(
        request,
        "accounts/home.html",
        {
            "sections": selectors.home_sections(user=request.user),
            "year": scoping.current_year(),
        },
    )
