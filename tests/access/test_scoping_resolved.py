"""scoping.visible_resolved — те же строки, что scoping.visible, для каждой роли и каждой модели, где
область подставляется списком id (поиск, сверка); и один запрос на область за запрос человека."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import access as scoping
from accounts.models import Role
from alignment import services as alignment_services
from alignment import suggestions
from alignment.models import AlignmentSuggestion, ItemLink, SuggestionRejection
from roadmaps import services as roadmap_services
from roadmaps.models import Item, RoadMap, Section
from schools.models import Municipality, School
from schoolwork.models import SchoolDocument, Visit
from tests.conftest import production_query_budget
from tests.factories import make_member, make_roadmap
from tests.schoolwork.factories import make_document, make_visit

MODELS = [
    RoadMap,
    Item,
    Section,
    Municipality,
    School,
    Visit,
    SchoolDocument,
    ItemLink,
    AlignmentSuggestion,
    SuggestionRejection,
]


def _item(roadmap, description):
    return roadmap_services.item_create(actor=None, roadmap=roadmap, description=description)


@pytest.fixture
def content(world):
    """Карты всех уровней в обоих регионах, посещения, документы, связь, подсказки и отклонение."""
    for key in ("a", "b"):
        side = world[key]
        regional = make_roadmap(region=side["region"], sections=1, items=2)
        regional_item = _item(regional, "Муниципальные координаторы проводят совещание по наставничеству")
        for municipality in (side["m1"], side["m2"]):
            municipal = make_roadmap("municipal", region=side["region"], municipality=municipality, items=1)
            answer = _item(municipal, "Совещание по наставничеству с муниципальными координаторами")
            other = _item(municipal, "Совещание координаторов по наставничеству")
            alignment_services.item_link_create(
                actor=None, municipal_item=answer, regional_item=regional_item, source="author"
            )
            suggestions.suggestion_reject(actor=None, regional_item=regional_item, municipal_item=other)
        for school in (side["s1"], side["s3"]):
            make_roadmap(
                "school", region=side["region"], municipality=school.municipality, school=school, items=1
            )
            make_visit(school, side[Role.CURATOR])
            make_document(school, side[Role.SCHOOL_TEAM])
        suggestions.suggestions_recompute(region_id=side["region"].pk, year=regional.year)
    assert AlignmentSuggestion.objects.exists()
    return world


def _people(world):
    a = world["a"]
    return {
        "федеральный": world[Role.FEDERAL_STAFF],
        **{
            str(role): a[role]
            for role in (
                Role.REGIONAL_STAFF,
                Role.REGIONAL_COORDINATOR,
                Role.MUNICIPAL_COORDINATOR,
                Role.CURATOR,
                Role.SCHOOL_TEAM,
            )
        },
        "без ролей": make_member(Role.SCHOOL_TEAM, school=a["s2"], is_active=False),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_resolved_visibility_is_the_same_set_as_visible(content, model):
    for label, user in _people(content).items():
        expected = set(scoping.visible(user, model).values_list("pk", flat=True))
        scoping.forget_scope(user)
        resolved = set(scoping.visible_resolved(user, model).values_list("pk", flat=True))
        assert resolved == expected, (label, model.__name__)
        assert model.objects.exists()


def test_area_is_resolved_once_per_request(content):
    coordinator = content["a"][Role.REGIONAL_COORDINATOR]
    scoping.visible_resolved(coordinator, Item)  # область человека и карты — посчитаны
    with CaptureQueriesContext(connection) as queries:
        list(scoping.visible_resolved(coordinator, Item))
        list(scoping.visible_resolved(coordinator, Section))
        list(scoping.visible_resolved(coordinator, RoadMap))
    assert len(queries) == 3  # только сами выборки: списки id карт уже в памяти


def test_federal_area_is_not_a_list(content):
    federal = content[Role.FEDERAL_STAFF]
    assert scoping.visible_ids(federal, RoadMap) is None
    assert "IN (" not in str(scoping.visible_resolved(federal, Item).query)


def test_too_many_ids_fall_back_to_the_subquery(content, monkeypatch):
    from access import resolved

    monkeypatch.setattr(resolved, "MAX_RESOLVED_IDS", 1)
    coordinator = content["a"][Role.REGIONAL_COORDINATOR]
    expected = set(scoping.visible(coordinator, Item).values_list("pk", flat=True))
    assert set(scoping.visible_resolved(coordinator, Item).values_list("pk", flat=True)) == expected
    assert len(expected) > 1


def test_several_areas_are_resolved_together_with_the_same_sets(content):
    """resolve_visible_ids: школы — первыми, муниципалитеты и карты — вместе одним запросом; множества
    те же, что у visible, и is_visible_resolved отвечает по ним без запросов."""
    areas = (Municipality, RoadMap, School)
    everything = {model: list(model.objects.values_list("pk", flat=True)) for model in areas}
    for label, user in _people(content).items():
        expected = {model: set(scoping.visible(user, model).values_list("pk", flat=True)) for model in areas}
        scoping.forget_scope(user)
        scoping.scope_of(user)  # область человека — отдельный запрос, он не про списки id
        with CaptureQueriesContext(connection) as queries:
            scoping.resolve_visible_ids(user, Municipality, RoadMap)
            for model in areas:
                scoping.visible_ids(user, model)
            for model in areas:
                for pk in everything[model]:
                    assert scoping.is_visible_resolved(user, model, pk) == (pk in expected[model]), label
        assert len(queries) <= production_query_budget(2), label
        for model in areas:
            resolved = set(scoping.visible_resolved(user, model).values_list("pk", flat=True))
            assert resolved == expected[model], (label, model.__name__)


def test_federal_areas_need_no_query(content):
    federal = content[Role.FEDERAL_STAFF]
    scoping.scope_of(federal)
    with CaptureQueriesContext(connection) as queries:
        scoping.resolve_visible_ids(federal, Municipality, RoadMap)
    assert len(queries) == 0
    assert scoping.visible_ids(federal, RoadMap) is None


def test_too_many_ids_in_one_area_fall_back_to_the_subquery(content, monkeypatch):
    from access import resolved

    monkeypatch.setattr(resolved, "MAX_RESOLVED_IDS", 1)
    coordinator = content["a"][Role.REGIONAL_COORDINATOR]
    expected = set(scoping.visible(coordinator, RoadMap).values_list("pk", flat=True))
    scoping.resolve_visible_ids(coordinator, Municipality, RoadMap)
    assert scoping.visible_ids(coordinator, RoadMap) is None
    assert set(scoping.visible_resolved(coordinator, RoadMap).values_list("pk", flat=True)) == expected
    assert len(expected) > 1
