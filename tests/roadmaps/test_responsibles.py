"""Ячейка «Ответственные» → организации (чистая функция, без базы)."""

from dataclasses import dataclass, field

import pytest

from roadmaps.importers.responsibles import match_responsibles


@dataclass(eq=False)  # как модель: две организации с одинаковым названием — всё же разные
class Org:
    short_name: str
    full_name: str
    aliases: list[str] = field(default_factory=list)

    @property
    def alias_list(self) -> list[str]:
        return self.aliases

    def __repr__(self) -> str:
        return self.short_name


# Справочник Владимирской области — как в demo.directory.ORGANISATIONS.
DO = Org("ДО", "Департамент образования Владимирской области", ["ДО ВО", "ОИВ"])
RIACOKO = Org(
    "РИАЦОКО",
    "ГБУ ВО «Региональный информационно-аналитический центр оценки качества образования»",
    ["ГБУ ВО РИАЦОКО"],
)
VIRO = Org(
    "ВИРО",
    "ГАОУ ДПО ВО «Владимирский институт развития образования имени Л.И. Новиковой»",
    ["ВРО", "ГАОУ ДПО ВО ВИРО"],
)
MOUO = Org("МОУО", "Муниципальные органы, осуществляющие управление в сфере образования")
OO = Org("ОО", "Образовательные организации – участники проекта", ["Образовательные организации"])
FIOKO = Org("ФИОКО", "ФГБУ «Федеральный институт оценки качества образования»", ["ФИС ОКО"])
VLADIMIR = [DO, RIACOKO, VIRO, MOUO, OO, FIOKO]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("РИАЦОКО ВИРО МОУО Образовательные организации (далее – ОО)", [RIACOKO, VIRO, MOUO, OO]),
        ("Департамент образования Владимирской области (далее-ДО)", [DO]),
        ("РИАЦОКО ВИРО МОУО ОО", [RIACOKO, VIRO, MOUO, OO]),
        ("ФИОКО ДО РИАЦОКО ВИРО", [FIOKO, DO, RIACOKO, VIRO]),
        ("До ВРО", [DO, VIRO]),  # «До» — это ДО, «ВРО» — опечатка документа вместо «ВИРО»
        ("МОУО ОО", [MOUO, OO]),
    ],
)
def test_seed_cells_split_into_organisations_with_nothing_left(cell, expected):
    assert match_responsibles(cell, VLADIMIR) == (expected, "")


def test_long_names_before_the_definition_are_the_defined_organisation():
    # Владимирская карта, п. 3: названия длиннее и иначе, чем в справочнике, но документ сам их определил.
    cell = (
        "Государственное бюджетное учреждение Владимирской области «Региональный информационно-"
        "аналитический центр оценки качества образования» (далее-ГБУ ВО РИАЦОКО) Государственное "
        "автономное образовательное учреждение дополнительного профессионального образования "
        "Владимирской области «Владимирский институт развития образования имени Л.И. Новиковой (далее-ВИРО)"
    )
    assert match_responsibles(cell, VLADIMIR) == ([RIACOKO, VIRO], "")


def test_short_name_does_not_match_inside_a_longer_word():
    assert match_responsibles("МОУО", VLADIMIR) == ([MOUO], "")  # не «ОО» внутри «МОУО»
    assert match_responsibles("ДОУ № 5", VLADIMIR) == ([], "ДОУ № 5")
    assert match_responsibles("ВИРОВ", VLADIMIR) == ([], "ВИРОВ")


def test_longest_name_wins_and_is_used_once():
    matched, rest = match_responsibles("ГБУ ВО РИАЦОКО, РИАЦОКО", VLADIMIR)
    assert (matched, rest) == ([RIACOKO], "")


def test_case_yo_quotes_and_dashes_do_not_matter():
    cell = 'гбу во "региональный информационно-аналитический центр оценки качества образования"'
    assert match_responsibles(cell, VLADIMIR) == ([RIACOKO], "")
    yo = Org("ЦОКО", "Центр оценки качества", ["Объединённый центр"])
    assert match_responsibles("Объединенный   центр", [yo]) == ([yo], "")
    dash = Org("ОО", "Образовательные организации – участники проекта")
    assert match_responsibles("Образовательные организации - участники проекта", [dash]) == ([dash], "")


def test_people_and_unknown_bodies_stay_as_text():
    assert match_responsibles("Иванов И.И., МОУО", VLADIMIR) == ([MOUO], "Иванов И.И.")
    assert match_responsibles("МОУО; Петрова А.А.; ОО", VLADIMIR) == ([MOUO, OO], "Петрова А.А.")
    assert match_responsibles("Управление образования (далее – УО)", VLADIMIR) == (
        [],
        "Управление образования (далее – УО)",
    )


def test_definition_does_not_swallow_a_person_before_a_comma():
    matched, rest = match_responsibles("Сидоров С.С., Департамент образования области (далее – ДО)", VLADIMIR)
    assert (matched, rest) == ([DO], "Сидоров С.С.")


def test_empty_cell_and_empty_directory():
    assert match_responsibles("", VLADIMIR) == ([], "")
    assert match_responsibles("   ", VLADIMIR) == ([], "")
    assert match_responsibles("РИАЦОКО ВИРО", []) == ([], "РИАЦОКО ВИРО")


def test_organisation_mentioned_twice_is_listed_once_in_order_of_first_mention():
    assert match_responsibles("ВИРО, ДО, ВИРО", VLADIMIR) == ([VIRO, DO], "")
