"""Unit tests of the Russian period parser (pure Python, no database)."""

import dataclasses
from datetime import date as d

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps.periods import (
    MAX_INPUT_CHARS,
    PERIOD_KIND_LABELS,
    ParsedPeriod,
    PeriodKind,
    parse_period,
)
from tests.roadmaps.seed_periods import MAP_YEARS, MYSHKIN, PERM, SEED_PERIODS, VLADIMIR

K = PeriodKind


def check(text: str, year: int, kind: str, start: d | None, end: d | None) -> ParsedPeriod:
    parsed = parse_period(text, year)
    assert (parsed.kind, parsed.start, parsed.end) == (kind, start, end), parsed
    return parsed


# ------------------------------------------------------------------ the three seed road maps


@pytest.mark.parametrize(
    ("source", "text", "kind", "start", "end"),
    SEED_PERIODS,
    ids=[f"{source}-{n}-{text[:25]!r}" for n, (source, text, *_) in enumerate(SEED_PERIODS, 1)],
)
def test_every_seed_period_cell_parses_as_expected(source, text, kind, start, end):
    check(text, MAP_YEARS[source], kind, start, end)


def test_seed_list_covers_every_period_cell_of_the_three_maps():
    counts = {source: sum(row[0] == source for row in SEED_PERIODS) for source in MAP_YEARS}
    assert counts == {PERM: 41, VLADIMIR: 34, MYSHKIN: 36}


def test_only_the_perm_typo_is_unparsed_among_seed_cells():
    unparsed = [
        text for source, text, *_ in SEED_PERIODS if parse_period(text, MAP_YEARS[source]).kind == K.UNPARSED
    ]
    assert unparsed == ["22.01.01.2021"]


# ------------------------------------------------------------------ single dates and deadlines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.01.2021", d(2021, 1, 25)),
        ("5.1.2021", d(2021, 1, 5)),
        (" 25.01.2021 ", d(2021, 1, 25)),
        ("25.01.2021.", d(2021, 1, 25)),
        ("25.01.2021г.", d(2021, 1, 25)),
        ("25.01.2021 года", d(2021, 1, 25)),
        ("25.01", d(2021, 1, 25)),
        ("25.01.", d(2021, 1, 25)),
    ],
)
def test_numeric_date_is_a_single_day(text, expected):
    check(text, 2021, K.DATE, expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("01.02.21", d(2021, 2, 1)), ("31.12.20", d(2020, 12, 31)), ("01.02.95", d(1995, 2, 1))],
)
def test_two_digit_year_means_this_century_except_nineties(text, expected):
    check(text, 2021, K.DATE, expected, expected)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("15 апреля 2023 года", 2021, d(2023, 4, 15)),
        ("15 апреля 2023", 2021, d(2023, 4, 15)),
        ("1 сентября", 2022, d(2022, 9, 1)),
        ("3 мая", 2022, d(2022, 5, 3)),
        ("15 апр. 2023 г.", 2021, d(2023, 4, 15)),
        ("7 ноября 2022 г", 2021, d(2022, 11, 7)),
    ],
)
def test_date_in_words_is_a_single_day(text, year, expected):
    check(text, year, K.DATE, expected, expected)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("До 28.01.2021", 2021, d(2021, 1, 28)),
        ("до 28.01.2021", 2021, d(2021, 1, 28)),
        ("до 28.01", 2021, d(2021, 1, 28)),
        ("в срок до 02.04.2021 года", 2021, d(2021, 4, 2)),
        ("не позднее 15.03.2021", 2021, d(2021, 3, 15)),
        ("по 15.03.2021", 2021, d(2021, 3, 15)),
        ("до 1 марта 2023 г.", 2021, d(2023, 3, 1)),
        ("к 15 мая", 2023, d(2023, 5, 15)),
        ("К 15 мая 2022 года", 2023, d(2022, 5, 15)),
        ("до&nbsp;15.03.2021", 2021, d(2021, 3, 15)),
    ],
)
def test_until_date_has_an_end_and_no_start(text, year, expected):
    check(text, year, K.UNTIL, None, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до конца марта", d(2021, 3, 31)),
        ("до конца февраля 2024", d(2024, 2, 29)),
        ("до конца года", d(2021, 12, 31)),
        ("до конца 2022 года", d(2022, 12, 31)),
        ("до конца II квартала", d(2021, 6, 30)),
        ("до конца 1 полугодия 2022 г.", d(2022, 6, 30)),
    ],
)
def test_until_end_of_a_unit_ends_on_its_last_day(text, expected):
    check(text, 2021, K.UNTIL, None, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("по март", d(2021, 3, 31)), ("по март 2022 г.", d(2022, 3, 31)), ("по II квартал", d(2021, 6, 30))],
)
def test_through_a_unit_ends_on_its_last_day(text, expected):
    check(text, 2021, K.UNTIL, None, expected)


def test_until_a_month_means_before_that_month_starts():
    check("до марта", 2021, K.UNTIL, None, d(2021, 3, 1))
    check("до марта 2022", 2021, K.UNTIL, None, d(2022, 3, 1))


def test_until_a_bare_year_or_quarter_is_unparsed_as_ambiguous():
    check("до 2022 года", 2021, K.UNPARSED, None, None)
    check("до II квартала", 2021, K.UNPARSED, None, None)


# ------------------------------------------------------------------ months


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("Сентябрь\n2022", 2021, d(2022, 9, 1), d(2022, 9, 30)),
        ("декабрь 2021", 2022, d(2021, 12, 1), d(2021, 12, 31)),
        ("Июнь  2022 год", 2021, d(2022, 6, 1), d(2022, 6, 30)),
        ("март", 2021, d(2021, 3, 1), d(2021, 3, 31)),
        ("в марте", 2021, d(2021, 3, 1), d(2021, 3, 31)),
        ("в течение марта 2022 г.", 2021, d(2022, 3, 1), d(2022, 3, 31)),
        ("МАЙ", 2021, d(2021, 5, 1), d(2021, 5, 31)),
        ("сент. 2021", 2020, d(2021, 9, 1), d(2021, 9, 30)),
        ("апрель2022", 2021, d(2022, 4, 1), d(2022, 4, 30)),
        ("апрель.2022", 2021, d(2022, 4, 1), d(2022, 4, 30)),
    ],
)
def test_month_gives_its_first_and_last_day(text, year, start, end):
    check(text, year, K.MONTH, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("03.2021", d(2021, 3, 1), d(2021, 3, 31)), ("9.2022", d(2022, 9, 1), d(2022, 9, 30))],
)
def test_month_written_as_month_dot_year_is_that_month(text, start, end):
    check(text, 2021, K.MONTH, start, end)


def test_yearless_date_with_one_digit_month_is_unparsed_as_maybe_an_item_number():
    check("1.2", 2021, K.UNPARSED, None, None)
    check("1.02", 2021, K.DATE, d(2021, 2, 1), d(2021, 2, 1))


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("февраль 2024", d(2024, 2, 29)),
        ("февраль 2023", d(2023, 2, 28)),
        ("февраль 2000", d(2000, 2, 29)),
        ("февраль 2100", d(2100, 2, 28)),
    ],
)
def test_february_ends_on_the_29th_only_in_leap_years(text, last):
    check(text, 2021, K.MONTH, d(last.year, 2, 1), last)


def test_yearless_february_follows_the_map_year_leap_rule():
    check("февраль", 2024, K.MONTH, d(2024, 2, 1), d(2024, 2, 29))
    check("февраль", 2022, K.MONTH, d(2022, 2, 1), d(2022, 2, 28))


def test_leap_day_exists_only_in_leap_years():
    check("29.02.2024", 2024, K.DATE, d(2024, 2, 29), d(2024, 2, 29))
    check("29.02.2023", 2023, K.UNPARSED, None, None)
    check("29.02", 2023, K.UNPARSED, None, None)


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("Январь-март 2021", 2020, d(2021, 1, 1), d(2021, 3, 31)),
        ("май- июнь", 2021, d(2021, 5, 1), d(2021, 6, 30)),
        ("май -июнь", 2021, d(2021, 5, 1), d(2021, 6, 30)),
        ("март-апрель2022", 2021, d(2022, 3, 1), d(2022, 4, 30)),
        ("январь-\nфевраль\n2022", 2021, d(2022, 1, 1), d(2022, 2, 28)),
        ("Февраль - март 2024", 2021, d(2024, 2, 1), d(2024, 3, 31)),
        ("февраль – март 2022", 2021, d(2022, 2, 1), d(2022, 3, 31)),
        ("февраль—март 2022", 2021, d(2022, 2, 1), d(2022, 3, 31)),
        ("с января по март 2022", 2021, d(2022, 1, 1), d(2022, 3, 31)),
        ("с января по март", 2021, d(2021, 1, 1), d(2021, 3, 31)),
        ("январь 2022 - март 2022", 2021, d(2022, 1, 1), d(2022, 3, 31)),
        ("декабрь 2021 - январь 2022", 2022, d(2021, 12, 1), d(2022, 1, 31)),
    ],
)
def test_month_range_spans_first_day_of_first_to_last_day_of_last_month(text, year, start, end):
    check(text, year, K.RANGE, start, end)


# ------------------------------------------------------------------ day ranges


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("25-29.01.2021", d(2021, 1, 25), d(2021, 1, 29)),
        ("18.01-04.02.2022", d(2022, 1, 18), d(2022, 2, 4)),
        ("01-29.04.2022", d(2022, 4, 1), d(2022, 4, 29)),
        ("10.03.-02.04.2021", d(2021, 3, 10), d(2021, 4, 2)),
        ("01.11.2021-15.11.2021", d(2021, 11, 1), d(2021, 11, 15)),
        ("17-19.02.2021", d(2021, 2, 17), d(2021, 2, 19)),
        ("01.11.21-15.11.21", d(2021, 11, 1), d(2021, 11, 15)),
        ("с 01.02.2021 по 15.02.2021", d(2021, 2, 1), d(2021, 2, 15)),
        ("с 01.02.2021 до 15.02.2021", d(2021, 2, 1), d(2021, 2, 15)),
        ("c 01.02.2021 по 15.02.2021", d(2021, 2, 1), d(2021, 2, 15)),  # Latin «c»
        ("с 1 по 15 февраля 2021 г.", d(2021, 2, 1), d(2021, 2, 15)),
        ("15 марта - 20 апреля 2021", d(2021, 3, 15), d(2021, 4, 20)),
        ("15-20 марта 2021", d(2021, 3, 15), d(2021, 3, 20)),
    ],
)
def test_day_range_across_months_spans_both_months(text, start, end):
    check(text, 2021, K.RANGE, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "25-29.01.2021",
        "25 - 29.01.2021",
        "25 -29.01.2021",
        "25– 29.01.2021",
        "25 — 29.01.2021",
        "25‑29.01.2021",
        "25−29.01.2021",
        "25.01.2021 – 29.01.2021",
    ],
)
def test_any_dash_with_or_without_spaces_separates_a_range(text):
    check(text, 2021, K.RANGE, d(2021, 1, 25), d(2021, 1, 29))


def test_range_across_new_year_moves_first_part_to_previous_year():
    check("28.12-10.01.2022", 2022, K.RANGE, d(2021, 12, 28), d(2022, 1, 10))
    check("ноябрь-февраль 2022", 2022, K.RANGE, d(2021, 11, 1), d(2022, 2, 28))


@pytest.mark.parametrize(
    "text",
    ["ноябрь-февраль", "28.12-10.01", "15.01-10.01.2021", "29-25.01.2021", "март-январь 2021", "2023-2021"],
)
def test_backwards_range_without_a_new_year_reading_is_unparsed(text):
    check(text, 2021, K.UNPARSED, None, None)


@pytest.mark.parametrize(
    "text",
    ["05 июнь-2021", "года-июнь", "март-15.04.2021", "I квартал-июнь 2021", "2021-март 2022", "2021-года"],
)
def test_range_between_different_units_is_unparsed(text):
    check(text, 2021, K.UNPARSED, None, None)


def test_half_year_to_quarter_range_is_a_quarter_span():
    check("1 полугодие - III квартал 2021", 2021, K.QUARTER, d(2021, 1, 1), d(2021, 9, 30))


def test_year_range_spans_whole_years():
    check("2021- 2023 годы", 2021, K.RANGE, d(2021, 1, 1), d(2023, 12, 31))
    check("2021-2023 гг.", 2021, K.RANGE, d(2021, 1, 1), d(2023, 12, 31))
    check("с 2021 по 2023 год", 2021, K.RANGE, d(2021, 1, 1), d(2023, 12, 31))


@pytest.mark.parametrize("text", ["2022-2023 учебный год", "2022/2023 уч. г.", "в 2022-2023 учебном году"])
def test_school_year_runs_from_september_to_august(text):
    check(text, 2022, K.RANGE, d(2022, 9, 1), d(2023, 8, 31))


def test_school_year_of_non_consecutive_years_is_unparsed():
    check("2022-2024 учебный год", 2022, K.UNPARSED, None, None)


# ------------------------------------------------------------------ years and quarters


@pytest.mark.parametrize(
    "text",
    [
        "2022",
        "2022 г.",
        "2022г",
        "2022 год",
        "  2022 год ",
        "2022 года",
        "в 2022 году",
        "на 2022 год",
        "В течение 2022 года",
        "В течении 2022 года",
        "В течении \n2022 года",
        "В течение года 2022",
        "В течение года\n2022",
        "в течение 2022 г.",
        "весь 2022 год",
    ],
)
def test_year_forms_give_the_whole_year(text):
    check(text, 2021, K.YEAR, d(2022, 1, 1), d(2022, 12, 31))


@pytest.mark.parametrize("text", ["в течение года", "В течении года", "в течение текущего года", "года"])
def test_within_the_year_means_the_road_map_year(text):
    check(text, 2021, K.YEAR, d(2021, 1, 1), d(2021, 12, 31))


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("II квартал 2023", 2021, d(2023, 4, 1), d(2023, 6, 30)),
        ("2 квартал", 2023, d(2023, 4, 1), d(2023, 6, 30)),
        ("2-й квартал 2023 г.", 2021, d(2023, 4, 1), d(2023, 6, 30)),
        ("второй квартал", 2023, d(2023, 4, 1), d(2023, 6, 30)),
        ("IV квартал", 2021, d(2021, 10, 1), d(2021, 12, 31)),
        ("в I квартале 2022 года", 2021, d(2022, 1, 1), d(2022, 3, 31)),
        ("3 кв. 2022", 2021, d(2022, 7, 1), d(2022, 9, 30)),
        ("3кв.2022", 2021, d(2022, 7, 1), d(2022, 9, 30)),
        ("I-II квартал 2023", 2021, d(2023, 1, 1), d(2023, 6, 30)),
        ("1-3 квартал 2023", 2021, d(2023, 1, 1), d(2023, 9, 30)),
        ("II-III кварталы", 2022, d(2022, 4, 1), d(2022, 9, 30)),
        ("1 полугодие 2022", 2021, d(2022, 1, 1), d(2022, 6, 30)),
        ("II полугодие", 2022, d(2022, 7, 1), d(2022, 12, 31)),
        ("2-е полугодие 2022 года", 2021, d(2022, 7, 1), d(2022, 12, 31)),
        ("первое полугодие", 2022, d(2022, 1, 1), d(2022, 6, 30)),
    ],
)
def test_quarters_and_half_years_are_kind_quarter(text, year, start, end):
    check(text, year, K.QUARTER, start, end)


@pytest.mark.parametrize("text", ["5 квартал 2022", "V квартал", "3 полугодие", "0 квартал"])
def test_impossible_quarter_or_half_year_is_unparsed(text):
    check(text, 2022, K.UNPARSED, None, None)


# ------------------------------------------------------------------ continuous, recurring, events


@pytest.mark.parametrize(
    "text",
    [
        "постоянно",
        "Постоянно",
        "на постоянной основе",
        "на\nпостоянно й основе",
        "в течение всего периода",
        "весь период",
        "в течение всего срока реализации проекта",
        "бессрочно",
    ],
)
def test_continuous_has_no_dates(text):
    parsed = check(text, 2021, K.CONTINUOUS, None, None)
    assert parsed.display() == "постоянно"


def test_continuous_since_a_date_keeps_that_start_and_has_no_end():
    check("с 15.03.2021", 2021, K.CONTINUOUS, d(2021, 3, 15), None)
    check("начиная с 1 апреля", 2021, K.CONTINUOUS, d(2021, 4, 1), None)
    check("на постоянной основе с сентября 2020", 2022, K.CONTINUOUS, d(2020, 9, 1), None)
    check("с 01.02.2021 постоянно", 2021, K.CONTINUOUS, d(2021, 2, 1), None)
    check("постоянно, начиная с 15 апреля 2023 года", 2021, K.CONTINUOUS, d(2023, 4, 15), None)


def test_continuous_with_an_impossible_start_date_is_unparsed():
    check("постоянно с 31.02.2021", 2021, K.UNPARSED, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "2 понедельник месяца",
        "ежемесячно",
        "Еженедельно",
        "ежеквартально",
        "раз в квартал",
        "2 раза в месяц",
        "каждый понедельник",
        "по пятницам",
        "в первую среду месяца",
        "регулярно",
        "ежемесячно, до 5 числа",
    ],
)
def test_recurring_spans_the_map_year_so_timelines_can_draw_it(text):
    check(text, 2022, K.RECURRING, d(2022, 1, 1), d(2022, 12, 31))


def test_recurring_uses_the_year_written_in_the_text():
    check("ежемесячно в 2023 году", 2022, K.RECURRING, d(2023, 1, 1), d(2023, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "с момента запуска информационной системы",
        "по мере поступления",
        "по мере необходимости",
        "после утверждения дорожной карты",
        "после 15.03.2021",
        "по согласованию",
        "по графику",
        "по запросам школ",
        "при необходимости",
        "по итогам мониторинга",
        "в установленные сроки",
        "(по согласованию)",
    ],
)
def test_event_has_no_dates_and_needs_attention(text):
    parsed = check(text, 2021, K.EVENT, None, None)
    assert parsed.needs_attention


# ------------------------------------------------------------------ several dates in one cell


@pytest.mark.parametrize(
    "text",
    [
        "<p>до 22.01.2021</p> <p>до 08.02.2021</p> <p>до 22.03.2021</p>",
        "до 22.01.2021\nдо 08.02.2021\nдо 22.03.2021",
        "до 22.03.2021, до 22.01.2021",
        "до 22.01.2021; до 22.03.2021",
    ],
)
def test_several_until_dates_are_checkpoints_up_to_the_latest(text):
    parsed = parse_period(text, 2021)
    assert parsed.kind == K.LIST and parsed.end == d(2021, 3, 22)
    assert all(kind == K.UNTIL and start is None for kind, start, _end in parsed.parts)
    assert parsed.display().startswith("до 22.01.2021, ")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("25.01.2021, 28.01.2021", d(2021, 1, 25), d(2021, 1, 28)),
        ("28.01.2021, 25.01.2021", d(2021, 1, 25), d(2021, 1, 28)),
        ("25.01.2021 и 28.01.2021", d(2021, 1, 25), d(2021, 1, 28)),
        ("25.01.2021\n28.01.2021", d(2021, 1, 25), d(2021, 1, 28)),
        ("25.01.2021; 01-05.03.2021", d(2021, 1, 25), d(2021, 3, 5)),
        ("25.01.2021, до 28.02.2021", d(2021, 1, 25), d(2021, 2, 28)),
        ("<p>25.01.2021</p><p>март 2021</p>", d(2021, 1, 25), d(2021, 3, 31)),
    ],
)
def test_several_dates_are_a_list_from_the_first_to_the_last(text, start, end):
    parsed = check(text, 2021, K.LIST, start, end)
    assert len(parsed.parts) == 2


@pytest.mark.parametrize(
    ("text", "year", "parts", "shown"),
    [
        (
            "март, октябрь 2026",
            2026,
            [(K.MONTH, d(2026, 3, 1), d(2026, 3, 31)), (K.MONTH, d(2026, 10, 1), d(2026, 10, 31))],
            "март 2026, октябрь 2026",
        ),
        (
            "март, октябрь 2026",
            2025,  # the year written at the end holds for March too, whatever the map's year
            [(K.MONTH, d(2026, 3, 1), d(2026, 3, 31)), (K.MONTH, d(2026, 10, 1), d(2026, 10, 31))],
            "март 2026, октябрь 2026",
        ),
        (
            "март и октябрь",
            2026,
            [(K.MONTH, d(2026, 3, 1), d(2026, 3, 31)), (K.MONTH, d(2026, 10, 1), d(2026, 10, 31))],
            "март 2026, октябрь 2026",
        ),
        (
            "январь, март, май",
            2026,
            [
                (K.MONTH, d(2026, 1, 1), d(2026, 1, 31)),
                (K.MONTH, d(2026, 3, 1), d(2026, 3, 31)),
                (K.MONTH, d(2026, 5, 1), d(2026, 5, 31)),
            ],
            "январь 2026, март 2026, май 2026",
        ),
        (
            "10.03.2026, 15.10.2026",
            2026,
            [(K.DATE, d(2026, 3, 10), d(2026, 3, 10)), (K.DATE, d(2026, 10, 15), d(2026, 10, 15))],
            "10.03.2026, 15.10.2026",
        ),
        (
            "10.03, 15.10.2026",
            2025,
            [(K.DATE, d(2026, 3, 10), d(2026, 3, 10)), (K.DATE, d(2026, 10, 15), d(2026, 10, 15))],
            "10.03.2026, 15.10.2026",
        ),
    ],
)
def test_listed_months_and_dates_are_separate_checkpoints_not_one_range(text, year, parts, shown):
    parsed = parse_period(text, year)
    assert parsed.kind == K.LIST
    assert list(parsed.parts) == parts
    assert (parsed.start, parsed.end) == (parts[0][1], parts[-1][2])
    assert parsed.display() == shown
    assert not parsed.needs_attention


MONTH_WORDS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
               "октябрь", "ноябрь", "декабрь"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.integers(min_value=1, max_value=12), min_size=2, max_size=6),
    st.integers(min_value=2000, max_value=2090),
    st.sampled_from([", ", "; ", " и ", ","]),
)
def test_any_list_of_months_gives_one_checkpoint_per_month(months, year, separator):
    ordered = sorted(months)
    text = separator.join(MONTH_WORDS[m - 1] for m in ordered) + f" {year}"
    parsed = parse_period(text, 2021)
    assert parsed.kind == K.LIST
    assert [(start.month, end.month) for _kind, start, end in parsed.parts] == [(m, m) for m in ordered]
    assert all(start.year == year and start.day == 1 for _kind, start, _end in parsed.parts)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dates(min_value=d(1990, 1, 1), max_value=d(2100, 12, 31)), min_size=2, max_size=5, unique=True
    )
)
def test_any_list_of_written_dates_gives_those_dates_in_order(days):
    parsed = parse_period(", ".join(f"{day:%d.%m.%Y}" for day in days), 2021)
    assert parsed.kind == K.LIST
    assert [end for _kind, _start, end in parsed.parts] == sorted(days)
    assert (parsed.start, parsed.end) == (min(days), max(days))


def test_several_periods_with_one_unreadable_are_unparsed():
    check("25.01.2021, когда-нибудь", 2021, K.UNPARSED, None, None)
    check("25.01.2021, 31.02.2021", 2021, K.UNPARSED, None, None)


def test_bare_year_mixed_with_other_periods_is_unparsed():
    check("декабрь, 2020", 2021, K.UNPARSED, None, None)
    check("2022, январь", 2021, K.UNPARSED, None, None)


def test_several_bare_years_are_a_list_of_years():
    parsed = check("2021, 2022", 2021, K.LIST, d(2021, 1, 1), d(2022, 12, 31))
    assert parsed.display() == "2021 год, 2022 год"


# ------------------------------------------------------------------ never a wrong confident date


@pytest.mark.parametrize(
    "text",
    [
        "22.01.01.2021",
        "до 22.01.01.2021",
        "31.02.2021",
        "32.01.2021",
        "15.13.2021",
        "00.01.2021",
        "15.00.2021",
        "31.04.2021",
        "15.03.202",
        "15.03.20211",
        "15",
        "2021.03.15",
        "",
        "   ",
        "\n\t",
        "<p></p>",
        "-",
        "привет",
        "25.01.2021 (ВКС)",
        "в течение учебного года",
        "15.03.1812",
        "15.03.2150",
        "2150 год",
    ],
)
def test_ambiguous_invalid_or_foreign_text_is_unparsed(text):
    parsed = check(text, 2021, K.UNPARSED, None, None)
    assert parsed.needs_attention
    assert parsed.display() == "не распознано"


@pytest.mark.parametrize("year", [0, -5, 1, 99999, 10**12])
def test_out_of_range_map_year_gives_unparsed_instead_of_raising(year):
    for text in ("март", "в течение года", "ежемесячно", "25.01"):
        check(text, year, K.UNPARSED, None, None)
    check("25.01.2021", year, K.DATE, d(2021, 1, 25), d(2021, 1, 25))


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "<" * 100_000,
        "<p>" * 30_000,
        "до " * 50_000,
        "25.01.2021, " * 10_000,
        "-" * 100_000,
        "1." * 50_000,
        "январь-" * 20_000,
        "с " * 50_000 + "по",
        "🙂" * 50_000,
        "\x00\x1f\u200b\u202e" * 10_000,
        " " * 39_999 + "-",
        "1а" * 20_000,
        "&amp;" * 8_000,
    ],
)
def test_huge_or_hostile_input_is_parsed_without_raising(text):
    # Скорость здесь не меряется (для этого есть бенчмарки): тест доказывает, что разбор завершается
    # и не падает; катастрофический возврат в регулярных выражениях повесил бы прогон.
    parsed = parse_period(text, 2021)
    assert parsed.text is text
    assert len(parsed.normalized) <= MAX_INPUT_CHARS


def test_text_too_long_to_read_whole_is_unparsed_rather_than_cut_into_a_wrong_date():
    check("25.01.2021, " * 10_000, 2021, K.UNPARSED, None, None)  # a cut would leave «25.01.20»


def test_long_html_attributes_do_not_count_against_the_length_limit():
    text = f'<p style="{"x" * 5000}">до 22.01.2021</p>'
    check(text, 2021, K.UNTIL, None, d(2021, 1, 22))


def test_emoji_and_control_characters_around_a_date_are_ignored():
    check("\x00📅 25.01.2021\x07\u200b", 2021, K.DATE, d(2021, 1, 25), d(2021, 1, 25))


def test_non_string_input_does_not_raise():
    assert parse_period(None, 2021).kind == K.UNPARSED  # type: ignore[arg-type]
    assert parse_period(2022, 2021).kind == K.YEAR  # type: ignore[arg-type]


# ------------------------------------------------------------------ the ParsedPeriod object


def test_text_is_kept_as_written_and_normalized_is_cleaned():
    text = "<p>Февраль - март\n 2022</p>&nbsp;"
    parsed = parse_period(text, 2022)
    assert parsed.text == text
    assert parsed.normalized == "Февраль-март 2022"


def test_normalized_collapses_whitespace_fixes_dashes_and_splits_glued_words():
    assert parse_period("  март-\nапрель2022 ", 2022).normalized == "март-апрель 2022"
    assert parse_period("25 – 29.01.2021", 2021).normalized == "25-29.01.2021"
    assert parse_period("В течении \n2022 года", 2022).normalized == "В течении 2022 года"


def test_parsed_period_is_frozen():
    parsed = parse_period("25.01.2021", 2021)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.kind = K.RANGE  # type: ignore[misc]


def test_period_kind_is_a_plain_string_enum_with_the_agreed_values():
    assert [kind.value for kind in PeriodKind] == [
        "date",
        "until",
        "range",
        "month",
        "year",
        "quarter",
        "recurring",
        "list",
        "continuous",
        "event",
        "unparsed",
    ]
    assert PeriodKind("range") == "range"
    assert isinstance(K.RANGE, str)


def test_every_kind_has_a_russian_label():
    assert set(PERIOD_KIND_LABELS) == set(PeriodKind)
    assert PERIOD_KIND_LABELS[K.DATE] == "дата"
    assert PERIOD_KIND_LABELS[K.UNTIL] == "срок до"
    assert PERIOD_KIND_LABELS[K.RANGE] == "период"
    assert PERIOD_KIND_LABELS[K.QUARTER] == "квартал"
    assert PERIOD_KIND_LABELS[K.RECURRING] == "регулярно"
    assert PERIOD_KIND_LABELS[K.CONTINUOUS] == "постоянно"
    assert PERIOD_KIND_LABELS[K.EVENT] == "по событию"
    assert PERIOD_KIND_LABELS[K.UNPARSED] == "не распознано"


@pytest.mark.parametrize(
    ("text", "attention"),
    [
        ("25.01.2021", False),
        ("до 28.01.2021", False),
        ("март", False),
        ("постоянно", False),
        ("ежемесячно", False),
        ("по согласованию", True),
        ("22.01.01.2021", True),
    ],
)
def test_needs_attention_only_for_unparsed_and_event(text, attention):
    assert parse_period(text, 2021).needs_attention is attention


def test_outside_year_flags_a_period_reaching_into_another_year():
    assert parse_period("декабрь\n2021", 2022).outside_year(2022)
    assert not parse_period("декабрь\n2021", 2022).outside_year(2021)
    assert parse_period("28.12-10.01.2022", 2022).outside_year(2022)
    assert parse_period("до 15.01.2023", 2022).outside_year(2022)
    assert parse_period("на постоянной основе с сентября 2020", 2022).outside_year(2022)
    assert not parse_period("март", 2022).outside_year(2022)
    assert not parse_period("по согласованию", 2022).outside_year(2022)
    assert not parse_period("22.01.01.2021", 2022).outside_year(2022)


@pytest.mark.parametrize(
    ("text", "year", "shown"),
    [
        ("22.03.2021", 2021, "22.03.2021"),
        ("До 28.01.2021", 2021, "до 28.01.2021"),
        ("25-29.01.2021", 2021, "25.01.2021 – 29.01.2021"),
        ("Январь-март 2021", 2021, "01.01.2021 – 31.03.2021"),
        ("Сентябрь\n2022", 2022, "сентябрь 2022"),
        ("В течении 2022 года", 2022, "2022 год"),
        ("II квартал 2023", 2023, "II квартал 2023"),
        ("I-II квартал 2023", 2023, "I–II квартал 2023"),
        ("1 полугодие 2022", 2022, "I полугодие 2022"),
        ("IV-I квартал 2023", 2023, "01.10.2022 – 31.03.2023"),
        ("постоянно", 2021, "постоянно"),
        ("с 15.03.2021", 2021, "с 15.03.2021"),
        ("на постоянной основе с сентября 2020", 2022, "постоянно с 01.09.2020"),
        ("Ежемесячно", 2021, "ежемесячно"),
        ("2 понедельник месяца", 2021, "2 понедельник месяца"),
        ("с момента запуска информационной системы", 2021, "по событию"),
        ("22.01.01.2021", 2021, "не распознано"),
        ("<p>до 22.01.2021</p> <p>до 22.03.2021</p>", 2021, "до 22.01.2021, до 22.03.2021"),
    ],
)
def test_display_gives_russian_text_of_the_parsed_dates(text, year, shown):
    assert parse_period(text, year).display() == shown


# ------------------------------------------------------------------ properties (hypothesis)

SPAN_KINDS = {K.DATE, K.UNTIL, K.RANGE, K.MONTH, K.YEAR, K.QUARTER, K.LIST}


def assert_consistent(parsed: ParsedPeriod, text: str) -> None:
    assert parsed.text == text
    assert isinstance(parsed.kind, PeriodKind)
    for day in (parsed.start, parsed.end):
        assert day is None or 1990 <= day.year <= 2100
    if parsed.start is not None and parsed.end is not None:
        assert parsed.start <= parsed.end
    if parsed.kind in SPAN_KINDS:
        assert parsed.end is not None
    if parsed.kind in (K.DATE, K.MONTH, K.YEAR, K.QUARTER, K.RANGE, K.RECURRING, K.LIST):
        assert parsed.start is not None and parsed.end is not None
    if parsed.kind == K.DATE:
        assert parsed.start == parsed.end
    assert bool(parsed.parts) is (parsed.kind == K.LIST)
    if parsed.parts:
        assert len(parsed.parts) >= 2 and parsed.parts[-1][2] == parsed.end
        assert [end for *_rest, end in parsed.parts] == sorted(end for *_rest, end in parsed.parts)
    if parsed.kind == K.UNTIL:
        assert parsed.start is None
    if parsed.kind == K.CONTINUOUS:
        assert parsed.end is None
    if parsed.kind in (K.EVENT, K.UNPARSED):
        assert parsed.start is None and parsed.end is None
    assert parsed.needs_attention is (parsed.kind in (K.EVENT, K.UNPARSED))
    assert isinstance(parsed.display(), str) and parsed.display()
    assert isinstance(parsed.outside_year(2021), bool)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1900, max_value=2200))
def test_any_text_never_raises_and_gives_consistent_dates(text, year):
    assert_consistent(parse_period(text, year), text)


WORDS = [
    "январь", "февраля", "марте", "май", "мая", "июнь", "сент.", "декабрь", "до", "с", "по", "к",
    "в течение", "в течении", "года", "год", "г.", "гг.", "квартал", "полугодие", "II", "IV", "i",
    "постоянно", "ежемесячно", "после", "конца", "и", "учебный год", "2-й", "<p>", "</p>", "&nbsp;",
]  # fmt: skip
SEPARATORS = ["", " ", "  ", ".", "..", "-", " - ", "–", "—", ",", ", ", ";", "\n", "/", ". "]


@st.composite
def date_like(draw) -> str:
    atoms = st.one_of(
        st.sampled_from(WORDS),
        st.integers(min_value=0, max_value=40).map(str),
        st.integers(min_value=0, max_value=13).map(lambda n: f"{n:02d}"),
        st.integers(min_value=1980, max_value=2110).map(str),
        st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"),
    )
    parts = draw(st.lists(atoms, min_size=1, max_size=9))
    glue = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(part + sep for part, sep in zip(parts, glue, strict=True))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(date_like(), st.integers(min_value=1990, max_value=2100))
def test_date_like_text_never_raises_and_dates_stay_ordered_within_1990_2100(text, year):
    assert_consistent(parse_period(text, year), text)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=d(1990, 1, 1), max_value=d(2100, 12, 31)), st.integers(1990, 2100))
def test_any_written_date_reads_back_as_itself(day, year):
    check(day.strftime("%d.%m.%Y"), year, K.DATE, day, day)
    check(f"до {day:%d.%m.%Y}", year, K.UNTIL, None, day)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=d(1990, 1, 1), max_value=d(2100, 12, 31)),
    st.dates(min_value=d(1990, 1, 1), max_value=d(2100, 12, 31)),
    st.sampled_from(["-", " - ", "–", " — "]),
)
def test_any_written_full_date_range_reads_back_in_order_or_unparsed(first, second, dash):
    parsed = parse_period(f"{first:%d.%m.%Y}{dash}{second:%d.%m.%Y}", 2021)
    if first <= second:
        assert (parsed.kind, parsed.start, parsed.end) == (K.RANGE, first, second)
    else:
        assert parsed.kind == K.UNPARSED
