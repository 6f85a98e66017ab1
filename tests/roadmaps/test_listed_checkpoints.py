"""«март, октябрь 2026» — два контрольных срока, а не период март–октябрь: что хранится, когда мероприятие
просрочено, как срок показан в строке карты (один раз) и на шкале времени (двумя отрезками)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from roadmaps.models import Item, ItemStatus
from roadmaps.selectors import ItemFilters, is_overdue, map_rows, overdue_q
from roadmaps.timeline import build
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture
def roadmap(world):
    return make_roadmap("regional", region=world["a"]["region"], year=2026, municipal_deadline=None)


def make_item(roadmap, period_text: str, status: str = ItemStatus.NOT_STARTED) -> Item:
    return services.item_create(
        actor=None, roadmap=roadmap, description="Мониторинг", period_text=period_text, status=status
    )


def test_listed_months_are_stored_as_checkpoints_with_the_last_as_the_deadline(roadmap):
    item = make_item(roadmap, "март, октябрь 2026")
    item.refresh_from_db()
    assert item.period_kind == "list"
    assert (item.period_start, item.period_first_end, item.period_end) == (
        d(2026, 3, 1),
        d(2026, 3, 31),
        d(2026, 10, 31),
    )
    assert item.checkpoints == [(d(2026, 3, 1), d(2026, 3, 31)), (d(2026, 10, 1), d(2026, 10, 31))]
    assert not item.period_flagged


def test_editing_the_period_back_to_one_date_clears_the_checkpoints(roadmap):
    item = make_item(roadmap, "10.03.2026, 15.10.2026")
    item = services.item_update(
        actor=None, item=item, expected_version=item.version, period_text="до 15.10.2026"
    )
    item.refresh_from_db()
    assert item.period_checkpoints == []
    assert item.period_first_end == item.period_end == d(2026, 10, 15)


@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        (d(2026, 3, 15), ItemStatus.NOT_STARTED, False),  # inside the first checkpoint
        (d(2026, 4, 1), ItemStatus.NOT_STARTED, True),  # March passed and nothing started
        (d(2026, 4, 1), ItemStatus.IN_PROGRESS, False),  # March's part done, October still ahead
        (d(2026, 11, 1), ItemStatus.IN_PROGRESS, True),  # the last checkpoint passed undone
        (d(2026, 11, 1), ItemStatus.CANCELLED, False),
    ],
)
def test_an_item_with_checkpoints_is_overdue_when_the_first_passes_unstarted_or_the_last_undone(
    roadmap, today, status, overdue
):
    item = make_item(roadmap, "март, октябрь 2026", status=status)
    assert is_overdue(item, today) is overdue
    assert Item.objects.filter(overdue_q(today), pk=item.pk).exists() is overdue
    view = map_rows(roadmap=roadmap, filters=ItemFilters(overdue=True), today=today)
    assert [row.item.pk for row in view.rows if row.item] == ([item.pk] if overdue else [])


def test_one_period_is_overdue_only_after_its_end_as_before(roadmap):
    item = make_item(roadmap, "март-октябрь 2026")
    assert item.period_first_end == item.period_end == d(2026, 10, 31)
    assert not is_overdue(item, d(2026, 4, 1))
    assert is_overdue(item, d(2026, 11, 1))


def test_map_row_shows_the_checkpoints_and_a_plain_deadline_only_once(world, client_for, roadmap):
    make_item(roadmap, "март, октябрь 2026")
    make_item(roadmap, "25.01.2026")
    make_item(roadmap, "До 28.01.2026")
    html = (
        client_for(world["a"][Role.REGIONAL_COORDINATOR])
        .get(reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
        .content.decode()
    )
    assert "контрольные сроки: март 2026, октябрь 2026" in html
    assert "01.03.2026 – 31.10.2026" not in html
    assert html.count("25.01.2026") == 1
    assert html.count("28.01.2026") == 1


def test_timeline_draws_one_bar_per_checkpoint(world, client_for, roadmap):
    make_item(roadmap, "март, октябрь 2026")
    chart = build(map_rows(roadmap=roadmap, today=d(2026, 5, 1)))
    (bar,) = [bar for bar in chart.bars if bar.row.item]
    assert len(bar.segments) == 2
    (march_left, march_width), (october_left, _width) = bar.segments
    assert 15 < march_left < 17 and march_width < 9  # March is about 16–25 % of the year
    assert 74 < october_left < 76  # October starts at about 74.8 %
    html = (
        client_for(world["a"][Role.REGIONAL_COORDINATOR])
        .get(reverse("roadmaps:timeline", kwargs={"roadmap_id": roadmap.pk}))
        .content.decode()
    )
    assert html.count('class="g-bar range') == 2


def test_period_preview_names_the_checkpoints(world, client_for):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    preview = client.get(
        reverse("roadmaps:period_preview"), {"period_text": "март и октябрь", "year": "2026"}
    )
    assert "несколько сроков: <b>март 2026, октябрь 2026</b>" in preview.content.decode()


def test_a_flagged_date_outside_the_map_year_is_shown_once_with_the_reason(world, client_for, roadmap):
    make_item(roadmap, "декабрь 2025")
    html = (
        client_for(world["a"][Role.REGIONAL_COORDINATOR])
        .get(reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
        .content.decode()
    )
    assert html.count("декабрь 2025") == 1
    assert "⚠ вне 2026 года · проверьте срок" in html


@pytest.mark.parametrize(
    ("written", "parsed", "repeats"),
    [
        ("Август 2026 год", "август 2026", True),
        ("До 28.01.2021 г.", "до 28.01.2021", True),
        ("Май 2026", "май 2026", True),
        ("В течение 2026 года", "2026 год", False),
        ("март-май 2026", "март 2026", False),
    ],
)
def test_parsed_deadline_is_not_shown_again_when_it_repeats_the_written_one(written, parsed, repeats):
    from roadmaps.templatetags.roadmap_tags import says_the_same

    assert says_the_same(parsed, written) is repeats
