"""Страница поиска: форма с фильтрами и результаты, сгруппированные по картам."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

import access as scoping
from schools.models import Region
from search import selectors
from search.forms import SearchForm


@require_GET
def search_page(request):
    regions = scoping.visible(request.user, Region).order_by("name").only("pk", "name")
    form = SearchForm(request.GET or None, regions=regions)
    result = None
    if form.is_bound and form.is_valid():
        try:
            page = int(request.GET.get("page", "1"))
        except ValueError:
            page = 1
        result = selectors.search(user=request.user, filters=form.filters(), page=page)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "search/results.html",
        {"form": form, "result": result, "query_string": query_string.urlencode()},
    )
