"""Три настоящие карты, записанные в .docx, .xlsx, .odt, .ods и текст в разных разметках, читаются
конвейером и совпадают с источником пункт в пункт: номер, описание (с абзацами), срок, показатель,
ответственные, ссылки; разделы; уровень и год. Чистый Python — база не нужна."""

from pathlib import Path

import pytest
from django.conf import settings

from roadmaps.importers import read_seed
from roadmaps.importers.pipeline import parse_file
from tests.roadmaps.importing.builders import BUILDERS, LAYOUTS, SPREADSHEET_ONLY, link_for

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
SEED_FILES = ["perm-regional-2021.txt", "vladimir-regional-2021.txt", "myshkin-municipal-2022.txt"]
_SOURCES = {}


def source(name: str):
    if name not in _SOURCES:
        _SOURCES[name] = read_seed(SEEDS / name)
    return _SOURCES[name]


def _as_written(text: str, fmt: str) -> str:
    return text.encode("cp1251", errors="replace").decode("cp1251") if fmt == "csv" else text


def assert_same_items(draft, expected, fmt: str, layout) -> None:
    got = [
        (i.source_number, i.description, i.period_text, i.indicator, i.responsible_text) for i in draft.items
    ]
    want = [
        tuple(
            _as_written(value, fmt)
            for value in (i.source_number, i.description, i.period_text, i.indicator, i.responsible_text)
        )
        for i in expected.items
    ]
    assert len(got) == len(want), f"{layout.name}: мероприятий {len(got)}, а в источнике {len(want)}"
    for number, (a, b) in enumerate(zip(got, want, strict=True), start=1):
        assert a == b, f"{layout.name}: мероприятие {number} отличается"
    assert [_as_written(s.title, fmt) for s in draft.real_sections] == [
        _as_written(s.title, fmt) for s in expected.real_sections
    ]
    if "links" in layout.order:
        assert [i.links for i in draft.items] == [link_for(n) for n in range(1, len(want) + 1)]


CASES = [
    pytest.param(seed, fmt, layout, id=f"{seed.split('-')[0]}-{fmt}-{layout.name}")
    for seed in SEED_FILES
    for fmt in BUILDERS
    for layout in LAYOUTS + (SPREADSHEET_ONLY if fmt in ("xlsx", "ods") else [])
    if not (layout.two_tables and fmt in ("xlsx", "ods", "txt", "csv"))
]


@pytest.mark.parametrize(("seed", "fmt", "layout"), CASES)
def test_map_written_in_any_layout_imports_item_for_item(seed, fmt, layout):
    expected = source(seed)
    data = BUILDERS[fmt](expected, layout)
    draft = parse_file(data, f"карта.{fmt}")
    assert_same_items(draft, expected, fmt, layout)
    assert draft.level == expected.level, draft.level_reason
    assert draft.year == expected.year
    assert draft.title == _as_written(expected.title, fmt)
