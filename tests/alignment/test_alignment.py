"""Сверка муниципальных карт с региональной: связи, подсказки, пробелы, фильтры, Excel, права, запросы."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from alignment import selectors, services
from alignment.models import ItemLink, LinkSource
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from schools.models import OrganisationKind
from tests.factories import MunicipalityFactory, OrganisationFactory, make_member, make_roadmap


def _item(roadmap, description, **kwargs):
    return roadmap_services.item_create(actor=None, roadmap=roadmap, description=description, **kwargs)


@pytest.fixture
def setup(world):
    a = world["a"]
    regional = make_roadmap(region=a["region"], title="Региональная карта А")
    mouo = OrganisationFactory(
        region=a["region"], short_name="МОУО", kind=OrganisationKind.MUNICIPAL_AUTHORITY
    )
    appoint = _item(
        regional, "Назначение муниципальных координаторов проекта 500+", responsible_text="ДО, МОУО"
    )
    survey = _item(regional, "Анкетирование участников образовательных отношений", responsible_text="РИАЦОКО")
    councils = _item(
        regional, "Проведение педагогических советов по результатам диагностики школ", organisations=[mouo]
    )
    visits = _item(regional, "Муниципальные координаторы организуют посещение школ кураторами")
    municipal = make_roadmap("municipal", region=a["region"], municipality=a["m1"], year=regional.year)
    m_appoint = _item(municipal, "Назначение муниципального координатора проекта 500+ приказом управления")
    m_councils = _item(
        municipal,
        "Педагогические советы в школах по результатам диагностики",
        status=ItemStatus.DONE,
        completed_on=regional_date(regional.year),
    )
    m_other = _item(municipal, "Закупка мебели")
    return {
        "a": a,
        "regional": regional,
        "municipal": municipal,
        "appoint": appoint,
        "survey": survey,
        "councils": councils,
        "visits": visits,
        "m_appoint": m_appoint,
        "m_councils": m_councils,
        "m_other": m_other,
    }


def regional_date(year):
    import datetime

    return datetime.date(year, 2, 1)


def _matrix(user, setup, **kwargs):
    region, year = setup["a"]["region"], setup["regional"].year
    return selectors.alignment_matrix(user=user, region=region, year=year, **kwargs)


def cell_of(row, municipality):
    return next(cell for cell in row.cells if cell.municipality.pk == municipality.pk)


def test_rows_are_items_addressed_to_municipalities(world, setup):
    alignment = _matrix(world[Role.FEDERAL_STAFF], setup)
    assert [row.item.pk for row in alignment.rows] == [
        setup["appoint"].pk,
        setup["councils"].pk,
        setup["visits"].pk,
    ]  # анкетирование (РИАЦОКО) не адресовано муниципалитетам
    assert {m.pk for m in alignment.municipalities} == {setup["a"]["m1"].pk, setup["a"]["m2"].pk}


def test_suggestions_by_text_similarity_and_empty_cells(world, setup):
    alignment = _matrix(world[Role.FEDERAL_STAFF], setup)
    by_item = {row.item.pk: row for row in alignment.rows}
    m1, m2 = setup["a"]["m1"], setup["a"]["m2"]
    m1_cell, m2_cell = cell_of(by_item[setup["appoint"].pk], m1), cell_of(by_item[setup["appoint"].pk], m2)
    assert m1_cell.is_gap and not m1_cell.answers
    assert [s.item.pk for s in m1_cell.suggestions][:1] == [setup["m_appoint"].pk]
    councils_cell = cell_of(by_item[setup["councils"].pk], m1)
    assert councils_cell.suggestions[0].item.pk == setup["m_councils"].pk
    assert councils_cell.suggestions[0].state == "done"
    assert setup["m_other"].pk not in {
        s.item.pk for row in alignment.rows for s in cell_of(row, m1).suggestions
    }
    assert m2_cell.roadmap is None and m2_cell.is_gap and not m2_cell.suggestions  # у м2 карты нет
    assert alignment.total_gaps == 6


def test_municipal_coordinator_links_and_the_cell_fills(world, setup, client_for):
    coordinator = setup["a"][Role.MUNICIPAL_COORDINATOR]
    client = client_for(coordinator)
    page = client.get(reverse("alignment:map", args=[setup["municipal"].pk])).content.decode()
    assert "Связать" in page and "Не отражено" in page
    response = client.post(
        reverse("alignment:link_create", args=[setup["municipal"].pk]),
        {"regional_item": setup["visits"].pk, "municipal_item": setup["m_other"].pk},
    )
    assert response.status_code == 302
    link = ItemLink.objects.get()
    assert link.source == LinkSource.AUTHOR and link.created_by == coordinator
    alignment = _matrix(world[Role.FEDERAL_STAFF], setup)
    row = next(row for row in alignment.rows if row.item.pk == setup["visits"].pk)
    cell = cell_of(row, setup["a"]["m1"])
    assert [a.item.pk for a in cell.answers] == [setup["m_other"].pk] and cell.answers[0].state == "planned"
    # повторная связь той же пары ничего не дублирует
    client.post(
        reverse("alignment:link_create", args=[setup["municipal"].pk]),
        {"regional_item": setup["visits"].pk, "municipal_item": setup["m_other"].pk},
    )
    assert ItemLink.objects.count() == 1


def test_reviewer_accepts_a_suggestion(world, setup, client_for):
    from roadmaps.services.workflow import roadmap_submit

    roadmap_submit(actor=setup["a"][Role.MUNICIPAL_COORDINATOR], roadmap=setup["municipal"])
    reviewer = setup["a"][Role.REGIONAL_COORDINATOR]
    client = client_for(reviewer)
    page = client.get(reverse("alignment:map", args=[setup["municipal"].pk])).content.decode()
    assert "Принять" in page
    client.post(
        reverse("alignment:link_create", args=[setup["municipal"].pk]),
        {"regional_item": setup["appoint"].pk, "municipal_item": setup["m_appoint"].pk},
    )
    link = ItemLink.objects.get()
    assert link.regional_item == setup["appoint"] and link.source == LinkSource.REVIEWER
    client.post(reverse("alignment:link_delete", args=[link.pk]))
    assert not ItemLink.objects.exists()


def test_links_only_between_a_municipal_and_the_same_regions_regional_map(world, setup):
    other = make_roadmap(region=world["b"]["region"], year=setup["regional"].year)
    other_item = _item(other, "Назначение муниципальных координаторов (МОУО)")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.item_link_create(
            actor=None, municipal_item=setup["m_appoint"], regional_item=other_item, source=LinkSource.AUTHOR
        )
    with pytest.raises(ValidationError):
        services.item_link_create(
            actor=None, municipal_item=setup["appoint"], regional_item=setup["councils"], source="author"
        )


def test_who_may_see_and_link(world, setup, client_for):
    region_url = reverse("alignment:region", args=[setup["a"]["region"].pk])
    assert client_for(world["b"][Role.REGIONAL_COORDINATOR]).get(region_url).status_code == 404
    assert client_for(setup["a"][Role.SCHOOL_TEAM]).get(region_url).status_code == 404
    assert client_for(setup["a"][Role.REGIONAL_STAFF]).get(region_url).status_code == 200
    assert client_for(world[Role.FEDERAL_STAFF]).get(region_url).status_code == 200
    staff = client_for(setup["a"][Role.REGIONAL_STAFF])  # министерство только читает
    response = staff.post(
        reverse("alignment:link_create", args=[setup["municipal"].pk]),
        {"regional_item": setup["appoint"].pk, "municipal_item": setup["m_appoint"].pk},
    )
    assert response.status_code == 403 and not ItemLink.objects.exists()
    stranger = make_member(Role.MUNICIPAL_COORDINATOR, municipality=setup["a"]["m2"])
    response = client_for(stranger).post(
        reverse("alignment:link_create", args=[setup["municipal"].pk]),
        {"regional_item": setup["appoint"].pk, "municipal_item": setup["m_appoint"].pk},
    )
    assert response.status_code in (403, 404) and not ItemLink.objects.exists()


def test_filters_by_municipality_and_gap(world, setup, client_for):
    services.item_link_create(
        actor=None, municipal_item=setup["m_appoint"], regional_item=setup["appoint"], source="author"
    )
    federal = world[Role.FEDERAL_STAFF]
    only_m1 = _matrix(federal, setup, municipality_ids=[setup["a"]["m1"].pk], gaps_only=True)
    assert [m.pk for m in only_m1.municipalities] == [setup["a"]["m1"].pk]
    assert setup["appoint"].pk not in [row.item.pk for row in only_m1.rows]
    client = client_for(federal)
    page = client.get(
        reverse("alignment:region", args=[setup["a"]["region"].pk]),
        {"year": setup["regional"].year, "municipality": setup["a"]["m1"].pk, "gaps": "1"},
    ).content.decode()
    assert "Педагогических советов" in page or "педагогических советов" in page
    assert "Назначение муниципальных координаторов" not in page


def test_excel_export_has_a_column_per_municipality(world, setup, client_for):
    services.item_link_create(
        actor=None, municipal_item=setup["m_appoint"], regional_item=setup["appoint"], source="author"
    )
    response = client_for(world[Role.FEDERAL_STAFF]).get(
        reverse("alignment:region_xlsx", args=[setup["a"]["region"].pk]), {"year": setup["regional"].year}
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    flat = [str(v) for row in values for v in row]
    assert setup["a"]["m1"].name in flat and setup["a"]["m2"].name in flat
    assert any("Назначение муниципального координатора" in v and "запланировано" in v for v in flat)
    assert "карта не заведена" in flat


def test_review_page_of_one_municipal_map_lists_missing_items(world, setup, client_for):
    services.item_link_create(
        actor=None, municipal_item=setup["m_appoint"], regional_item=setup["appoint"], source="author"
    )
    client = client_for(setup["a"][Role.REGIONAL_COORDINATOR])
    map_page = client.get(reverse("roadmaps:detail", args=[setup["municipal"].pk])).content.decode()
    gaps_url = reverse("alignment:gaps", args=[setup["municipal"].pk])
    assert f'hx-get="{gaps_url}"' in map_page  # страница карты подгружает сверку отдельным запросом
    page = client.get(gaps_url).content.decode()
    block = page.split('id="alignment-gaps"', 1)[1].split("</div>", 1)[0]
    assert "Не отражены пункты: " in block
    numbers = {row.number for row in _matrix(world[Role.FEDERAL_STAFF], setup).rows}
    assert "(из 3 адресованных муниципалитетам)" in block and len(numbers) == 3
    regional_page = (
        client_for(setup["a"][Role.REGIONAL_COORDINATOR])
        .get(reverse("roadmaps:detail", args=[setup["regional"].pk]))
        .content.decode()
    )
    assert reverse("alignment:region", args=[setup["a"]["region"].pk]) in regional_page


def _add_municipalities(region, regional_items, start, count):
    for n in range(start, start + count):
        municipality = MunicipalityFactory(region=region, name=f"Район {n:02d}")
        municipal = make_roadmap(
            "municipal", region=region, municipality=municipality, year=regional_items[0].roadmap.year
        )
        items = [_item(municipal, f"Мероприятие по наставничеству номер {i} в районе") for i in range(5)]
        services.item_link_create(
            actor=None, municipal_item=items[0], regional_item=regional_items[0], source="author"
        )


def test_query_count_is_the_same_at_3_and_30_municipalities(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    region = world["b"]["region"]  # в нём уже два района из world, без карт
    regional = make_roadmap(region=region, title="Региональная Б")
    regional_items = [
        _item(regional, f"Муниципальные координаторы проводят мероприятие номер {i} по наставничеству")
        for i in range(4)
    ]
    client = client_for(world[Role.FEDERAL_STAFF])
    url = reverse("alignment:region", args=[region.pk])
    counts = {}
    for total, add in ((3, 1), (30, 27)):
        _add_municipalities(region, regional_items, len(counts) * 10, add)
        client.get(url, {"year": regional.year})  # прогрев: сессия, кэш областей
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"year": regional.year})
        assert response.status_code == 200
        assert response.content.decode().count('class="cell') == 4 * total
        counts[total] = len(queries)
    assert counts[3] == counts[30], counts
    assert counts[30] <= 22, counts
