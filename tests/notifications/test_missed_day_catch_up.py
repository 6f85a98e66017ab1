"""Пропущенный день региона (ни одного запуска диспетчера между 08:00 и полуночью по местному времени)
догоняется при следующем запуске — один раз и не дальше REMINDERS_CATCH_UP_DAYS дней назад."""

from datetime import UTC, date, datetime, timedelta

import pytest

from notifications import services
from notifications.models import DigestEmail, RegionDayRun, Reminder
from tests.notifications.conftest import DAY
from tests.notifications.factories import make_item

pytestmark = pytest.mark.django_db


def at(day: date, hour_utc: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour_utc, 0, tzinfo=UTC)


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    def run(now: datetime) -> list[tuple[int, date]]:
        with django_capture_on_commit_callbacks(execute=True):
            return services.region_days_dispatch(now=now)

    return run


def test_missed_region_day_is_caught_up_once_on_the_next_run(perm, dispatch, outbox):
    make_item(perm.regional, due=DAY + timedelta(days=2), users=[perm.staff], description="Семинар")
    # Пермь = UTC+5. 23.11 в 09:00 по местному времени день обработан.
    assert (perm.region.pk, DAY) in dispatch(at(DAY, 4))
    # 24.11 диспетчер не работал совсем (воркер лежал с 07:00 до полуночи по местному времени).
    # 25.11 в 03:00 по местному — ещё рано для 25-го, но пропущенное 24-е догоняется.
    caught_up = dispatch(at(DAY + timedelta(days=1), 22))

    assert caught_up == [(perm.region.pk, DAY + timedelta(days=1))]
    missed = Reminder.objects.filter(user=perm.staff, day=DAY + timedelta(days=1))
    assert missed.count() == 1  # «срок завтра» за 24-е
    assert DigestEmail.objects.filter(
        user=perm.staff, day=DAY + timedelta(days=1), sent_at__isnull=False
    ).exists()

    # Следующие запуски (и в 08:00 25-го) 24-е повторно не трогают.
    mails = len(outbox)
    again = dispatch(at(DAY + timedelta(days=2), 3))
    assert again == [(perm.region.pk, DAY + timedelta(days=2))]
    assert Reminder.objects.filter(user=perm.staff, day=DAY + timedelta(days=1)).count() == 1
    assert RegionDayRun.objects.filter(region=perm.region).count() == 3
    assert len(outbox) >= mails


def test_catch_up_goes_back_at_most_the_configured_days(perm, dispatch, settings):
    settings.REMINDERS_CATCH_UP_DAYS = 2
    dispatch(at(DAY, 4))  # последний обработанный день — 23.11
    dispatch(at(DAY + timedelta(days=10), 4))  # 03.12, 09:00 по местному: неделю никто не запускал

    days = sorted(RegionDayRun.objects.filter(region=perm.region).values_list("day", flat=True))
    assert days == [DAY, DAY + timedelta(days=8), DAY + timedelta(days=9), DAY + timedelta(days=10)]


def test_new_installation_does_not_backfill_the_past(perm, dispatch):
    dispatch(at(DAY, 4))
    assert list(RegionDayRun.objects.values_list("day", flat=True)) == [DAY]
