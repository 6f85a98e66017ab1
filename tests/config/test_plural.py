"""Русские формы числа: функция, фильтры шаблонов и каждый шаблон, где число стоит рядом с существительным."""

import re
from types import SimpleNamespace as NS

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory

from config.plural import ru_plural

COUNTS = (1, 2, 5, 11, 21, 22, 25)
SCHOOL = {1: "школа", 2: "школы", 5: "школ", 11: "школ", 21: "школа", 22: "школы", 25: "школ"}


@pytest.mark.parametrize(
    ("number", "word"),
    [
        *SCHOOL.items(),
        (0, "школ"),
        (3, "школы"),
        (4, "школы"),
        (12, "школ"),
        (14, "школ"),
        (101, "школа"),
        (111, "школ"),
        (112, "школ"),
        (1004, "школы"),
    ],
)
def test_ru_plural_picks_the_russian_form_for_the_number(number, word):
    assert ru_plural(number, "школа", "школы", "школ") == word


@pytest.mark.parametrize("number", COUNTS)
def test_filters_are_available_in_every_template_without_load(number):
    html = Template('{{ n|ru_plural:"школа,школы,школ" }}|{{ n|ru_count:"школа,школы,школ" }}').render(
        Context({"n": number})
    )
    assert html == f"{SCHOOL[number]}|{number} {SCHOOL[number]}"


def test_filter_with_wrong_forms_fails_loudly_and_empty_count_renders_nothing():
    with pytest.raises(TemplateSyntaxError):
        Template('{{ 2|ru_plural:"школа,школы" }}').render(Context())
    assert Template('{{ missing|ru_count:"школа,школы,школ" }}').render(Context()) == ""


class _Entries(list):
    """История, в которой «записей не меньше предела», но строки таблицы не нужны этому тесту."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def __len__(self):
        return self.size


def _render(template: str, context: dict) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return re.sub(r"\s+", " ", render_to_string(template, context, request=request))


def _stat(html: str, number: int) -> str:
    return re.findall(rf'<div class="stat"><b>{number}</b><span>([^<]*)</span>', html)


EXPECTED = {  # число -> (муниципалитет, строка, новый профиль, профиль изменится, направление, изменение)
    1: (
        "муниципалитет",
        "строка",
        "новый профиль",
        "профиль изменится",
        "направление активировано",
        "изменение",
    ),
    2: (
        "муниципалитета",
        "строки",
        "новых профиля",
        "профиля изменятся",
        "направления активированы",
        "изменения",
    ),
    5: (
        "муниципалитетов",
        "строк",
        "новых профилей",
        "профилей изменится",
        "направлений активировано",
        "изменений",
    ),
}
for n in (11, 25):
    EXPECTED[n] = EXPECTED[5]
EXPECTED[21], EXPECTED[22] = EXPECTED[1], EXPECTED[2]


@pytest.mark.django_db
@pytest.mark.parametrize("n", COUNTS)
def test_counts_on_pages_agree_with_their_nouns(n):
    municipality, row, new_profile, changed_profile, direction, change = EXPECTED[n]

    region = NS(pk=1, municipality_count=n, school_count=n, with_curator_count=0)
    html = _render(
        "accounts/home/region.html", {"ctx": {"region": region, "municipalities": []}, "year": 2026}
    )
    assert _stat(html, n) == [municipality, f"{SCHOOL[n]} в 2026 году"]

    html = _render("schoolwork/risk_overview.html", {"counts": {"schools": n}, "year": 2026})
    assert _stat(html, n) == [f"{SCHOOL[n]} в программе"]

    html = _render(
        "schoolwork/risk_import_preview.html",
        {
            "batch": NS(pk=1, row_count=n, status="preview"),
            "actions": {"create": n, "update": n},
            "error_rows": n,
        },
    )
    assert _stat(html, n) == [f"{row} в файле", new_profile, changed_profile, f"{row} с ошибками"]

    school = NS(pk=1, short_name="Школа", municipality_id=1, municipality="Район")
    html = _render(
        "schoolwork/risk_profile.html",
        {"active_count": n, "school": school, "profile": NS(pk=1), "years": [2026], "year": 2026},
    )
    assert _stat(html, n) == [f"{direction} (нужно не меньше двух)"]

    html = _render(
        "roadmaps/history.html",
        {"limit": n, "total": n, "entries": _Entries(n), "roadmap": NS(pk=1, title="Карта")},
    )
    assert f"Показаны последние {n} {change};" in html
