"""Почасовой диспетчер: день и час напоминаний — местные. В 20:30 UTC 22.11 в Москве ещё вечер 22-го,
а в Перми (UTC+5) уже ночь 23-го; напоминания за 23-е Пермь получает в 08:00 своего времени
(03:00 UTC), Москва — в 08:00 московского (05:00 UTC)."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest

from accounts.models import Role
from notifications import services
from notifications.models import DigestEmail, RegionDayRun, Reminder, ReminderKind
from tests.factories import RegionFactory, make_member, make_roadmap
from tests.notifications.conftest import YEAR, mails_to
from tests.notifications.factories import make_item

pytestmark = pytest.mark.django_db

NOV_22, NOV_23, NOV_24 = date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def moscow(db):
    region = RegionFactory(name="Ярославская область", code="76", timezone="Europe/Moscow")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region, email="rc@yar.test")
    roadmap = make_roadmap("regional", region=region, year=YEAR)
    return region, coordinator, roadmap


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    def run() -> list[tuple[int, date]]:
        with django_capture_on_commit_callbacks(execute=True):
            return services.region_days_dispatch()

    return run


def tomorrow_reminders(user) -> list[tuple[date, date]]:
    rows = Reminder.objects.filter(user=user, kind=ReminderKind.DUE_TOMORROW).order_by("day")
    return list(rows.values_list("day", "due_date"))


def test_each_region_is_processed_for_its_own_local_day(perm, moscow, dispatch, time_machine, outbox):
    yar, yar_coordinator, yar_map = moscow
    make_item(perm.regional, due=NOV_24, users=[perm.staff])
    make_item(yar_map, due=NOV_23, users=[yar_coordinator])
    make_item(yar_map, due=NOV_24, users=[yar_coordinator])

    time_machine.move_to(utc(22, 20, 30), tick=False)  # Москва 23:30 22.11; Пермь 01:30 23.11 — рано
    assert perm.region.local_today() == NOV_23 and yar.local_today() == NOV_22
    assert dispatch() == [(yar.pk, NOV_22)]
    assert tomorrow_reminders(yar_coordinator) == [(NOV_22, NOV_23)]
    assert tomorrow_reminders(perm.staff) == []

    time_machine.move_to(utc(23, 3, 30), tick=False)  # Пермь 08:30 23.11; Москва 06:30 — ещё рано
    assert dispatch() == [(perm.region.pk, NOV_23)]
    assert tomorrow_reminders(perm.staff) == [(NOV_23, NOV_24)]
    [message] = mails_to(outbox, perm.staff.email)
    assert message.subject == "Сроки по дорожным картам: 1 напоминание на 23.11.2026"

    time_machine.move_to(utc(23, 5, 5), tick=False)  # Москва 08:05 23.11
    assert dispatch() == [(yar.pk, NOV_23)]
    assert tomorrow_reminders(yar_coordinator) == [(NOV_22, NOV_23), (NOV_23, NOV_24)]

    time_machine.move_to(utc(23, 6, 5), tick=False)  # следующий час: всё уже обработано
    mails = len(outbox)
    assert dispatch() == []
    assert len(outbox) == mails
    assert RegionDayRun.objects.filter(finished_at__isnull=True).count() == 0


def test_run_lost_after_enqueue_is_enqueued_again(perm, dispatch, time_machine):
    """Воркер упал, не успев обработать день (или брокер потерял сообщение): через REQUEUE_AFTER
    диспетчер ставит день заново, а недавно поставленный не трогает."""
    time_machine.move_to(utc(23, 3, 5), tick=False)
    make_item(perm.regional, due=NOV_24, users=[perm.staff])
    RegionDayRun.objects.create(region=perm.region, day=NOV_23, enqueued_at=utc(23, 3, 0))
    assert dispatch() == []  # поставлен пять минут назад — ждём

    time_machine.move_to(utc(23, 3, 5) + services.REQUEUE_AFTER + timedelta(minutes=1), tick=False)
    assert dispatch() == [(perm.region.pk, NOV_23)]
    assert tomorrow_reminders(perm.staff) == [(NOV_23, NOV_24)]


def test_lost_digest_is_requeued_for_a_day_then_given_up(perm, dispatch, time_machine):
    """Сообщение со сводкой потерялось по дороге в очередь: диспетчер ставит его заново каждые
    REQUEUE_AFTER, но не дольше суток — «срок завтра» через день уже вводит в заблуждение."""
    make_item(perm.regional, due=NOV_24, users=[perm.staff])
    with mock.patch("notifications.tasks.send_digest.delay") as lost:
        time_machine.move_to(utc(23, 3, 5), tick=False)
        dispatch()
        digest = DigestEmail.objects.get(user=perm.staff)
        assert lost.call_args_list == [mock.call(digest.pk)]

        time_machine.move_to(utc(23, 3, 20), tick=False)  # рано: поставлено 15 минут назад
        dispatch()
        time_machine.move_to(utc(23, 4, 5), tick=False)
        dispatch()
        assert lost.call_args_list == [mock.call(digest.pk)] * 2

        time_machine.move_to(utc(24, 3, 10), tick=False)
        dispatch()
        assert lost.call_count == 2
    digest.refresh_from_db()
    assert digest.sent_at is None
