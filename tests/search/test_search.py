"""Поиск: русский стемминг на PostgreSQL, только видимое человеку, экранирование фрагментов, SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from roadmaps import services as roadmap_services
from schoolwork.models import Visit
from search import selectors
from search.selectors import SearchFilters, search
from tests.conftest import production_query_budget
from tests.factories import make_roadmap


def _item(roadmap, description, **kwargs):
    return roadmap_services.item_create(actor=None, roadmap=roadmap, description=description, **kwargs)


@pytest.fixture
def maps(world):
    a, b = world["a"], world["b"]
    regional_a = make_roadmap(region=a["region"], title="Карта региона А")
    regional_b = make_roadmap(region=b["region"], title="Карта региона Б")
    school_a1 = make_roadmap("school", region=a["region"], municipality=a["m1"], school=a["s1"])
    school_a2 = make_roadmap("school", region=a["region"], municipality=a["m1"], school=a["s2"])
    return {
        "regional_a": regional_a,
        "regional_b": regional_b,
        "school_a1": school_a1,
        "school_a2": school_a2,
        "item_a": _item(regional_a, "Совещание с кураторами по итогам посещений"),
        "item_b": _item(regional_b, "Обучение кураторами педагогов региона Б"),
        "item_s1": _item(school_a1, "Наставничество молодых учителей школы а1"),
        "item_s2": _item(school_a2, "Наставничество в школе а2"),
    }


def hit_ids(result, kind="item"):
    return {hit.pk for group in result.groups for hit in group.hits if hit.kind == kind}


@pytest.fixture
def fallback(monkeypatch):
    monkeypatch.setattr(selectors, "full_text_available", lambda: False)


def test_russian_stemming_finds_other_word_forms(require_postgres, world, maps):
    federal = world[Role.FEDERAL_STAFF]
    result = search(user=federal, filters=SearchFilters(query="куратор"))
    assert result.full_text
    assert {maps["item_a"].pk, maps["item_b"].pk} <= hit_ids(result)  # «кураторами» по «куратор»
    assert search(user=federal, filters=SearchFilters(query="посещение")).total >= 1  # «посещений»


def test_database_keeps_the_search_column_current(require_postgres, world, maps):
    federal = world[Role.FEDERAL_STAFF]
    item = maps["item_a"]
    roadmap_services.item_update(
        actor=None, item=item, expected_version=item.version, description="Педсовет по итогам года"
    )
    assert maps["item_a"].pk in hit_ids(search(user=federal, filters=SearchFilters(query="педсоветы")))
    assert maps["item_a"].pk not in hit_ids(search(user=federal, filters=SearchFilters(query="кураторами")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'roadmaps_item'")
        assert any("gin" in row[0] and "search_tsv" in row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("use_fallback", [False, True])
def test_regional_coordinator_never_finds_another_regions_item(
    world, maps, use_fallback, monkeypatch, request
):
    if use_fallback:
        monkeypatch.setattr(selectors, "full_text_available", lambda: False)
    else:
        request.getfixturevalue("require_postgres")
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    query = "кураторами"
    found = hit_ids(search(user=coordinator, filters=SearchFilters(query=query)))
    assert maps["item_a"].pk in found
    assert maps["item_b"].pk not in found
    other_region = SearchFilters(query=query, region_id=world["b"]["region"].pk)
    forced = hit_ids(search(user=coordinator, filters=other_region))
    assert forced == set()  # фильтр по чужому региону не открывает чужое


@pytest.mark.parametrize("use_fallback", [False, True])
def test_school_team_finds_only_its_own_school(world, maps, use_fallback, monkeypatch, request):
    if use_fallback:
        monkeypatch.setattr(selectors, "full_text_available", lambda: False)
    else:
        request.getfixturevalue("require_postgres")
    team = world["a"][Role.SCHOOL_TEAM]
    found = hit_ids(search(user=team, filters=SearchFilters(query="Наставничество")))
    assert found == {maps["item_s1"].pk}
    schools = hit_ids(search(user=team, filters=SearchFilters(query="Школа")), kind="school")
    assert schools == {world["a"]["s1"].pk}


def test_snippets_escape_html_and_mark_matches(world, client_for, maps):
    hostile = '<script>alert(1)</script> Наставничество: 5 < 7 & "x" <img src=x onerror=alert(2)>'
    _item(maps["regional_a"], hostile)
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    page = client.get(reverse("search:search"), {"q": "наставничество"}).content.decode()
    snippets = [part.split("</div>", 1)[0] for part in page.split('class="snippet">')[1:]]
    snippet = next(text for text in snippets if "5 " in text)
    assert "<script>alert" not in page and "<img" not in page
    assert "<mark>Наставничество</mark>" in snippet
    assert "&lt;" in snippet and "&amp;" in snippet  # знаки из текста — экранированы, не разметка


def test_marked_html_never_lets_markup_through():
    html = selectors._marked_html(f"<b>{selectors.START}ВКС{selectors.STOP}</b> & <i>")
    assert html == "&lt;b&gt;<mark>ВКС</mark>&lt;/b&gt; &amp; &lt;i&gt;"
    unbalanced = selectors._marked_html(f"{selectors.START}ВКС <b>")
    assert "<mark>" not in unbalanced and "&lt;b&gt;" in unbalanced


def test_fallback_search_on_sqlite_finds_plain_substrings_with_a_note(world, client_for, maps, fallback):
    client = client_for(world[Role.FEDERAL_STAFF])
    page = client.get(reverse("search:search"), {"q": "наставничество"}).content.decode()
    assert 'id="search-note"' in page and "Упрощённый поиск" in page
    assert "<mark>Наставничество</mark>" in page
    result = search(user=world[Role.FEDERAL_STAFF], filters=SearchFilters(query="наставничество"))
    assert not result.full_text and hit_ids(result) == {maps["item_s1"].pk, maps["item_s2"].pk}


def test_results_group_by_map_and_cover_every_kind(world, maps, client_for):
    a = world["a"]
    curator = a[Role.CURATOR]
    Visit.objects.create(
        school=a["s1"],
        curator=curator,
        kind="consultation",
        date="2024-03-01",
        purpose="Педсовет и ВКС с командой",
    )
    federal = world[Role.FEDERAL_STAFF]
    result = search(user=federal, filters=SearchFilters(query="ВКС"))
    kinds = {hit.kind for group in result.groups for hit in group.hits}
    assert "visit" in kinds
    by_map = search(user=federal, filters=SearchFilters(query="Наставничество"))
    titles = [group.title for group in by_map.groups]
    assert len(titles) == 2 and all(group.url for group in by_map.groups)
    schools = search(user=federal, filters=SearchFilters(query=a["s1"].short_name))
    assert a["s1"].pk in hit_ids(schools, kind="school")
    municipality = search(user=federal, filters=SearchFilters(query="первый район"))
    assert a["m1"].pk in hit_ids(municipality, kind="municipality")
    assert maps["regional_a"].pk in hit_ids(
        search(user=federal, filters=SearchFilters(query="Карта региона")), kind="roadmap"
    )


def test_filters_by_level_year_and_state(world, maps):
    federal = world[Role.FEDERAL_STAFF]
    school_only = search(user=federal, filters=SearchFilters(query="Наставничество", level="regional"))
    assert hit_ids(school_only) == set()
    done = search(user=federal, filters=SearchFilters(query="Наставничество", state="done"))
    assert hit_ids(done) == set()
    planned = search(user=federal, filters=SearchFilters(query="Наставничество", state="planned"))
    assert hit_ids(planned) == {maps["item_s1"].pk, maps["item_s2"].pk}
    other_year = search(
        user=federal, filters=SearchFilters(query="Наставничество", year=maps["school_a1"].year - 1)
    )
    assert hit_ids(other_year) == set()


def test_pagination_and_constant_queries(world, maps, client_for, django_assert_max_num_queries):
    for i in range(45):
        _item(maps["regional_a"], f"Педсовет номер {i}")
    client = client_for(world[Role.FEDERAL_STAFF])
    url = reverse("search:search")
    with django_assert_max_num_queries(16):
        first = client.get(url, {"q": "педсовет"})
    assert "Найдено: 45" in first.content.decode() and 'id="search-next"' in first.content.decode()
    with django_assert_max_num_queries(16):
        last = client.get(url, {"q": "педсовет", "page": "3"}).content.decode()
    assert "Страница 3 из 3" in last and 'id="search-next"' not in last


def test_bad_input_gets_a_russian_message(world, client_for):
    client = client_for(world[Role.FEDERAL_STAFF])
    page = client.get(reverse("search:search"), {"q": "я" * 300}).content.decode()
    assert "Слишком длинный запрос" in page
    assert client.get(reverse("search:search"), {"q": "вкс", "page": "abc"}).status_code == 200


def test_header_has_the_search_box(world, client_for):
    page = client_for(world[Role.FEDERAL_STAFF]).get(reverse("home")).content.decode()
    assert 'role="search"' in page and reverse("search:search") in page


def test_too_general_query_ranks_a_bounded_candidate_set_and_says_so(world, maps, client_for, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES_PER_KIND", 3)
    for i in range(5):
        _item(maps["regional_a"], f"ВКС с муниципалитетами № {i}")
    result = search(user=world[Role.FEDERAL_STAFF], filters=SearchFilters(query="ВКС"))
    assert result.capped and result.total == 3
    page = client_for(world[Role.FEDERAL_STAFF]).get(reverse("search:search"), {"q": "ВКС"}).content.decode()
    assert "Найдено: больше 3" in page and 'id="search-capped"' in page


@pytest.mark.parametrize("role", [Role.FEDERAL_STAFF, Role.REGIONAL_COORDINATOR])
def test_search_query_count_is_the_same_at_10_and_200_matches(world, maps, client_for, role):
    from django.test.utils import CaptureQueriesContext

    from roadmaps.models import Item

    user = world[role] if role == Role.FEDERAL_STAFF else world["a"][role]
    client = client_for(user)
    url = reverse("search:search")
    counts = {}
    for total, add in ((10, 10), (200, 190)):
        Item.objects.bulk_create(  # пачкой: проверяется чтение, а не запись
            [
                Item(
                    roadmap=maps["regional_a"],
                    position=100 + total + i,
                    description=f"Педсовет в школе № {i}",
                )
                for i in range(add)
            ]
        )
        client.get(url, {"q": "педсовет"})  # прогрев: сессия, область человека
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"q": "педсовет"}).content.decode()
        assert f"Найдено: {total}" in page
        counts[total] = len(queries)
    assert counts[10] == counts[200], counts
    assert counts[200] <= production_query_budget(16), counts


@pytest.mark.parametrize("query", ["куратор", "наставничество", "школ"])
def test_portable_page_equals_the_single_query_page(require_postgres, world, maps, query):
    """Путь без возможностей PostgreSQL (демо на SQLite: LIMIT в частях UNION там нельзя) даёт те же
    числа по видам и ту же страницу, что один запрос с MATERIALIZED CTE."""
    federal = world[Role.FEDERAL_STAFF]
    filters = SearchFilters(query=query)
    parts = selectors._hits_parts(federal, filters, selectors.full_text_available())
    sql, params = selectors._compiled(selectors._union(parts))
    counts, rows = selectors._counts_and_page(sql, params, 0)
    assert counts and rows
    assert selectors._counts_and_page_portable(parts, 0) == (counts, rows)


def test_search_page_answers_on_the_portable_path(world, client_for, maps, monkeypatch):
    """Страница поиска не падает там, где нет PostgreSQL (в демо на SQLite была ошибка 500)."""
    monkeypatch.setattr(selectors.connection, "vendor", "sqlite")
    monkeypatch.setattr(selectors, "full_text_available", lambda: False)
    response = client_for(world[Role.FEDERAL_STAFF]).get(reverse("search:search"), {"q": "Наставничество"})
    assert response.status_code == 200
    assert "<mark>Наставничество</mark> молодых учителей" in response.content.decode()
