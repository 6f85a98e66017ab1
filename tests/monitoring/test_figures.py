"""Показатели, проверенные на маленьком примере, посчитанном вручную (фикстура figures_world)."""

import pytest

from catalog.figures import Figure, suggest_figure
from monitoring.figures import compute, totals
from tests.monitoring.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_region_figures_match_hand_computed_values(figures_world):
    a = figures_world
    table = compute(year=TODAY.year, as_of=TODAY, region_ids=[a["region"].pk])
    region = table.regions[a["region"].pk]
    assert {k: region[k] for k in region.counts} == {
        "items_total": 3,
        "items_done": 1,
        "schools_total": 3,
        "schools_visited": 1,
        "profiles_verified": 1,
        "concept_confirmed": 1,
        "stage1_confirmed": 1,
        "stage2_confirmed": 0,
        "risk_decreased": 1,
        "municipalities_total": 2,
        "maps_approved": 1,
    }
    assert region.share(Figure.SCHOOLS_VISITED) == 33.3
    assert region.share(Figure.ITEMS_DONE) == 33.3
    assert region.share(Figure.MAPS_APPROVED) == 50.0


def test_municipality_and_school_figures(figures_world):
    a = figures_world
    table = compute(year=TODAY.year, as_of=TODAY, region_ids=[a["region"].pk])
    m1, m2 = table.municipalities[a["m1"].pk], table.municipalities[a["m2"].pk]
    assert (m1["schools_total"], m1["schools_visited"], m1["concept_confirmed"], m1["stage1_confirmed"]) == (
        2,
        1,
        1,
        1,
    )
    assert (m2["schools_total"], m2["schools_visited"], m2["risk_decreased"]) == (1, 0, 1)
    assert (m1["items_total"], m2["items_total"]) == (1, 1)
    s1 = table.schools[a["s1"].pk]
    assert s1.share(Figure.PROFILES_VERIFIED) == 100.0 and s1.share(Figure.STAGE1_CONFIRMED) == 0.0
    assert table.school_parent[a["s3"].pk] == (a["region"].pk, a["m2"].pk)


def test_an_earlier_date_sees_less(figures_world):
    import datetime

    a = figures_world
    earlier = compute(year=TODAY.year, as_of=TODAY - datetime.timedelta(days=2), region_ids=[a["region"].pk])
    region = earlier.regions[a["region"].pk]
    assert region["schools_visited"] == 0 and region["items_done"] == 0 and region["maps_approved"] == 0


def test_other_regions_are_not_mixed_in(figures_world, world):
    table = compute(year=TODAY.year, as_of=TODAY)
    b = table.regions[world["b"]["region"].pk]
    assert b["schools_total"] == 3 and b["schools_visited"] == 0
    assert totals(table.regions.values())["schools_total"] == 6


def test_query_count_does_not_depend_on_number_of_schools(figures_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        compute(year=TODAY.year, as_of=TODAY)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Доля ОО из числа включенных в проект, посещенных кураторами", Figure.SCHOOLS_VISITED),
        ("Доля ОО, верифицировавших рисковый профиль", Figure.PROFILES_VERIFIED),
        ("Доля исполненных мероприятий дорожной карты", Figure.ITEMS_DONE),
        ("Доля муниципалитетов с утверждённой муниципальной дорожной картой", Figure.MAPS_APPROVED),
        ("Совещание проведено", None),
        ("", None),
    ],
)
def test_indicator_text_suggests_a_figure(text, figure):
    assert suggest_figure(text) == figure
