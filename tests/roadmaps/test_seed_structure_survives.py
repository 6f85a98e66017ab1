"""Демо — как документы: после полной загрузки демо (справочник, карты из fixtures/seeds, исполнение
и карты текущего года по их образцу) у каждой карты из документа — те же разделы с теми же
мероприятиями и те же ответственные, что в документе."""

import pytest
from django.utils import timezone

from demo.load import load_demo
from demo.roadmaps import DEMO_MAPS, seed_path
from roadmaps.importers import read_seed
from roadmaps.models import RoadMap

pytestmark = pytest.mark.django_db


def structure(roadmap: RoadMap) -> list[tuple[str, list[str]]]:
    rows = []
    for section in roadmap.sections.order_by("position"):
        rows.append((section.title, [i.description for i in section.items.order_by("position")]))
    loose = [i.description for i in roadmap.items.filter(section=None).order_by("position")]
    return [("", loose), *rows] if loose else rows


def seed_structure(draft) -> list[tuple[str, list[str]]]:
    rows = [(s.title, [i.description.strip("\n ") for i in s.items]) for s in draft.sections]
    loose = [items for title, items in rows if not title]
    named = [(title, items) for title, items in rows if title]
    return [("", [item for items in loose for item in items]), *named] if any(loose) else named


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()  # вызывает и загрузку карт, и демо мониторинга (исполнение, карты текущего года)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("spec", DEMO_MAPS, ids=[spec.file_name for spec in DEMO_MAPS])
def test_every_seed_maps_sections_and_responsibles_survive_loading(demo, spec):
    draft = read_seed(seed_path(spec.file_name))
    expected = seed_structure(draft)
    responsibles = [i.responsible_text for s in draft.sections for i in s.items]
    year = timezone.localdate().year
    maps = RoadMap.objects.filter(
        region__code=spec.region_code,
        level="municipal" if spec.municipality else "regional",
        year__in=[draft.year, year],
    )
    assert maps.count() == 2, "карта из документа и её копия на текущий год"
    for roadmap in maps:
        assert structure(roadmap) == expected, f"{roadmap}: разделы и мероприятия как в документе"
        got = [
            i.responsible_text
            for s in [None, *roadmap.sections.order_by("position")]
            for i in roadmap.items.filter(section=s).order_by("position")
        ]
        assert sorted(got) == sorted(responsibles)
        with_text = roadmap.items.exclude(responsible_text="")
        assert with_text.count() == sum(1 for r in responsibles if r)
