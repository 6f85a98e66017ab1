"""Столбец «Информационное сопровождение» в файле дорожной карты: ссылки http(s) становятся ссылками
мероприятия, всё прочее (текст «Сайт школы», «www.…», javascript:, data:) — не ссылка: текст уходит
в описание, и предпросмотр об этом предупреждает. Карта записывается, ничего не потеряно."""

from roadmaps.importers.pipeline import parse_grid
from roadmaps.services.imports import ApplyChoice, roadmap_draft_apply
from tests.factories import RegionFactory
from tests.roadmaps.importing.test_pipeline_rules import grid

LINKS = [
    "Сайт школы",
    "www.school.ru",
    "javascript:alert(document.domain)",
    "https://ok.ru/a",
    "Публикация: https://ok.ru/b и газета «Вести»",
    " JaVaScRiPt:alert(1)\nhttp://old.example.ru",
]


def _draft():
    rows = [["№", "Мероприятия", "Сроки", "Ответственный", "Информационное сопровождение"]]
    rows += [[f"{n}.", f"Семинар {n}", "март 2022", "УО", link] for n, link in enumerate(LINKS, start=1)]
    return parse_grid(grid(rows))


def test_only_http_links_stay_links_and_the_rest_is_kept_in_the_description():
    draft = _draft()
    links = [item.links.splitlines() for item in draft.items]
    assert links == [[], [], [], ["https://ok.ru/a"], ["https://ok.ru/b"], ["http://old.example.ru"]]
    descriptions = [item.description for item in draft.items]
    assert "Сайт школы" in descriptions[0] and "www.school.ru" in descriptions[1]
    assert "javascript:alert(document.domain)" in descriptions[2]  # как текст, не ссылкой
    assert "газета «Вести»" in descriptions[4]
    warned = {warning.row for warning in draft.row_warnings if "не ссылка" in warning.message}
    assert warned == {2, 3, 4, 6, 7}


def test_map_with_text_in_the_links_column_is_written(db):
    roadmap = roadmap_draft_apply(
        actor=None,
        draft=_draft(),
        choice=ApplyChoice(
            level="regional", year=2022, title="План", note="", mode="new", region=RegionFactory()
        ),
        source_name="map.docx",
    )
    items = list(roadmap.items.order_by("position"))
    assert len(items) == len(LINKS)
    assert all(not link.lower().lstrip().startswith("javascript") for i in items for link in i.link_list)
    assert items[3].link_list == ["https://ok.ru/a"]
