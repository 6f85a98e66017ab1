"""Правка карты: номера выводятся из порядка, перестановка и копирование перенумеровывают, удаление
раздела не теряет мероприятий, копия карты на новый год сдвигает годы в сроках."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from roadmaps import services
from roadmaps.models import Item, ItemStatus
from roadmaps.selectors import map_rows
from tests.factories import OrganisationFactory, RegionFactory, make_roadmap

pytestmark = pytest.mark.django_db


def numbers(roadmap) -> list[tuple[str, str]]:
    return [(row.number, row.item.description) for row in map_rows(roadmap=roadmap).rows if row.item]


@pytest.fixture
def roadmap():
    return make_roadmap("regional", region=RegionFactory(), year=2021, items=4, sections=2)


def test_numbers_follow_position_within_sections(roadmap):
    assert numbers(roadmap) == [
        ("1.1", "Мероприятие 1"),
        ("1.2", "Мероприятие 3"),
        ("2.1", "Мероприятие 2"),
        ("2.2", "Мероприятие 4"),
    ]


def test_moving_an_item_up_renumbers_and_keeps_document_number(roadmap):
    item = Item.objects.get(description="Мероприятие 3")
    item.source_number = "1.13"
    item.save()
    services.item_move(item=item, step=-1)
    assert numbers(roadmap)[:2] == [("1.1", "Мероприятие 3"), ("1.2", "Мероприятие 1")]
    assert Item.objects.get(description="Мероприятие 3").source_number == "1.13"


def test_moving_first_item_up_changes_nothing(roadmap):
    before = numbers(roadmap)
    services.item_move(item=Item.objects.get(description="Мероприятие 1"), step=-1)
    assert numbers(roadmap) == before


def test_duplicate_goes_right_below_and_resets_execution(roadmap):
    original = Item.objects.get(description="Мероприятие 1")
    original.status, original.completed_on = ItemStatus.DONE, datetime.date(2021, 3, 1)
    original.save()
    original.responsible_organisations.add(OrganisationFactory(region=roadmap.region))
    copy = services.item_duplicate(actor=None, item=original)
    assert numbers(roadmap)[:3] == [
        ("1.1", "Мероприятие 1"),
        ("1.2", "Мероприятие 1"),
        ("1.3", "Мероприятие 3"),
    ]
    assert copy.status == ItemStatus.NOT_STARTED and copy.completed_on is None
    assert list(copy.responsible_organisations.all()) == list(original.responsible_organisations.all())


def test_deleting_an_item_closes_the_gap(roadmap):
    services.item_delete(item=Item.objects.get(description="Мероприятие 1"))
    assert numbers(roadmap)[0] == ("1.1", "Мероприятие 3")


def test_deleting_a_section_keeps_its_items_without_section(roadmap):
    services.section_delete(section=roadmap.sections.get(position=1))
    assert numbers(roadmap) == [
        ("1", "Мероприятие 1"),
        ("2", "Мероприятие 3"),
        ("3.1", "Мероприятие 2"),
        ("3.2", "Мероприятие 4"),
    ]


def test_item_keeps_text_as_written_and_parsed_dates(roadmap):
    item = services.item_create(
        actor=None,
        roadmap=roadmap,
        description="Стажировка\n- для координаторов",
        period_text="17-19.02.2021",
    )
    assert item.description == "Стажировка\n- для координаторов"
    assert (item.period_start, item.period_end, item.period_kind) == (
        datetime.date(2021, 2, 17),
        datetime.date(2021, 2, 19),
        "range",
    )
    assert not item.period_flagged


@pytest.mark.parametrize(
    "text", ["22.01.01.2021", "с момента запуска информационной системы", "март 2023", ""]
)
def test_odd_periods_are_flagged_for_the_editor(roadmap, text):
    item = services.item_create(actor=None, roadmap=roadmap, description="Проверка", period_text=text)
    assert item.period_flagged


def test_continuous_period_started_last_year_is_not_flagged(roadmap):
    item = services.item_create(
        actor=None,
        roadmap=roadmap,
        description="Сообщество школ",
        period_text="на постоянной основе с сентября 2020",
    )
    assert not item.period_flagged


def test_done_without_date_gets_today(roadmap):
    item = services.item_create(actor=None, roadmap=roadmap, description="Готово", status=ItemStatus.DONE)
    assert item.completed_on == datetime.date.today()


def test_share_target_over_100_is_refused_in_russian(roadmap):
    with pytest.raises(ValidationError, match="Доля — от 0 до 100"):
        services.item_create(
            actor=None, roadmap=roadmap, description="Доля", target_kind="share", target_value=150
        )


def test_responsible_organisation_of_another_region_is_refused(roadmap):
    with pytest.raises(ValidationError, match="из другого региона"):
        services.item_create(
            actor=None, roadmap=roadmap, description="Чужие", organisations=[OrganisationFactory()]
        )


def test_copy_to_next_year_shifts_years_and_resets_execution(roadmap):
    item = Item.objects.get(description="Мероприятие 1")
    item.period_text, item.status, item.completed_on = (
        "25-29.01.2021",
        ItemStatus.DONE,
        datetime.date(2021, 1, 29),
    )
    item.save()
    copy = services.roadmap_copy(actor=None, source=roadmap, year=2022)
    copied = copy.items.get(description="Мероприятие 1")
    assert copied.period_text == "25-29.01.2022"
    assert (copied.period_start, copied.period_end) == (
        datetime.date(2022, 1, 25),
        datetime.date(2022, 1, 29),
    )
    assert copied.status == ItemStatus.NOT_STARTED and copied.completed_on is None
    assert numbers(copy) == numbers(roadmap)


def test_second_regional_map_for_same_year_is_refused(roadmap):
    with pytest.raises(ValidationError, match="уже есть"):
        services.roadmap_create(actor=None, level="regional", region=roadmap.region, year=2021)


def test_numbers_do_not_change_under_a_filter(roadmap):
    from roadmaps.selectors import ItemFilters

    Item.objects.filter(description="Мероприятие 1").update(status=ItemStatus.IN_PROGRESS)
    rows = map_rows(roadmap=roadmap, filters=ItemFilters(status=ItemStatus.NOT_STARTED)).rows
    assert [(r.number, r.item.description) for r in rows if r.item] == [
        ("1.2", "Мероприятие 3"),
        ("2.1", "Мероприятие 2"),
        ("2.2", "Мероприятие 4"),
    ]
