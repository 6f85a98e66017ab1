"""Круговой путь: карта, выгруженная в Word (приложение к распоряжению), читается обратно конвейером
импорта в те же разделы и мероприятия — для каждой из трёх настоящих карт из образцов."""

import io

import pytest

from demo.directory import MYSHKIN
from demo.load import load_demo
from reports.builders.roadmap import responsible_text, roadmap_heading
from reports.builders.word import build_roadmap_docx
from roadmaps.importers.pipeline import parse_file
from roadmaps.models import RoadMap

pytestmark = pytest.mark.django_db


def _items_of(roadmap: RoadMap) -> list[tuple[str, str, str, str]]:
    """Раздел, описание, срок как написан и ответственные — так, как их пишет выгрузка: текст документа
    и организации/люди, добавленные в системе (при загрузке они сопоставятся с ними снова)."""
    items = roadmap.items.select_related("section").prefetch_related(
        "responsible_organisations", "responsible_users"
    )
    return [
        (
            item.section.title if item.section else "",
            item.description,
            item.period_text,
            responsible_text(
                item.responsible_text,
                [o.short_name for o in item.responsible_organisations.all()]
                + [u.short_name for u in item.responsible_users.all()],
            ),
        )
        for item in items.order_by("section__position", "position")
    ]


def _items_of_draft(draft) -> list[tuple[str, str, str, str]]:
    return [
        (section.title, item.description, item.period_text, item.responsible_text)
        for section in draft.sections
        for item in section.items
    ]


@pytest.mark.parametrize(
    "owner",
    [
        {"region__code": "59", "year": 2021, "level": "regional"},
        {"region__code": "33", "year": 2021, "level": "regional"},
        {"municipality__name": MYSHKIN, "year": 2022, "level": "municipal"},
    ],
    ids=["perm-2021", "vladimir-2021", "myshkin-2022"],
)
def test_word_export_of_a_seed_map_imports_back_to_the_same_items(owner):
    load_demo()
    roadmap = RoadMap.objects.get(**owner)
    out = io.BytesIO()
    build_roadmap_docx(roadmap=roadmap, out=out, progress=lambda done, total: None)

    draft = parse_file(out.getvalue(), "карта.docx")

    expected = _items_of(roadmap)
    assert len(expected) > 30
    assert _items_of_draft(draft) == expected
    assert draft.title == roadmap_heading(roadmap)
