"""Безопасность повторов: день региона и задача письма, запущенные дважды, ничего не дублируют;
сбой почты у одного человека не мешает остальным, а его письмо уходит при повторе ровно один раз."""

from datetime import UTC, datetime, timedelta

import pytest

from jobs.models import MailStatus, OutboundMail
from jobs.tasks import send_outbound_mail
from notifications import services
from notifications.models import DigestEmail, Notification, RegionDayRun, Reminder, ReminderKind
from notifications.tasks import reminders_run_region, send_digest
from roadmaps import services as roadmap_services
from tests.notifications import mail_backends
from tests.notifications.conftest import DAY, mails_to
from tests.notifications.factories import make_item

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    return {
        "reminders": sorted(Reminder.objects.values_list("key", flat=True)),
        "digests": sorted(DigestEmail.objects.values_list("user_id", "day")),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def busy_day(perm):
    """По мероприятию каждого вида сроков и просрочка для сводки координаторов."""
    make_item(perm.regional, due=DAY + timedelta(days=7), users=[perm.staff])
    make_item(perm.municipal, due=DAY + timedelta(days=1))
    make_item(perm.school_map, due=DAY - timedelta(days=2))
    return perm


def test_region_task_twice_gives_same_rows_and_same_mails(
    busy_day, django_capture_on_commit_callbacks, outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run_region.delay(busy_day.region.pk, DAY.isoformat())
    first, mails = snapshot(), len(outbox)
    assert mails == 5  # министерство, Кунгур, команда, куратор, региональный координатор

    with django_capture_on_commit_callbacks(execute=True):
        reminders_run_region.delay(busy_day.region.pk, DAY.isoformat())

    assert snapshot() == first
    assert len(outbox) == mails


def test_rerun_of_a_reset_day_adds_nothing_thanks_to_unique_keys(busy_day, run_day, outbox):
    """Даже если отметку дня снять (ручной перезапуск), ключи напоминаний не дадут задвоить."""
    run_day(busy_day.region)
    first, mails = snapshot(), len(outbox)

    RegionDayRun.objects.update(finished_at=None)
    assert run_day(busy_day.region) == 0

    assert snapshot() == first
    assert len(outbox) == mails


def test_digest_task_twice_sends_one_mail(busy_day, django_capture_on_commit_callbacks, outbox):
    with django_capture_on_commit_callbacks(execute=False):  # письма пока не отправляем
        services.region_day_process(region_id=busy_day.region.pk, day=DAY)
    digest = DigestEmail.objects.get(user=busy_day.staff)

    with django_capture_on_commit_callbacks(execute=True):  # письмо уходит своей задачей после коммита
        assert send_digest.delay(digest.pk).get() is True
        assert send_digest.delay(digest.pk).get() is False

    assert len(mails_to(outbox, busy_day.staff.email)) == 1
    assert Notification.objects.filter(user=busy_day.staff).count() == 1


def test_overdue_is_reminded_once_but_coordinators_see_it_every_day(perm, run_day, outbox):
    item = make_item(perm.regional, due=DAY - timedelta(days=1), users=[perm.staff])

    for day in (DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)):
        run_day(perm.region, day)

    assert Reminder.objects.filter(user=perm.staff, kind=ReminderKind.OVERDUE, item=item).count() == 1
    assert len(mails_to(outbox, perm.staff.email)) == 1
    daily = Reminder.objects.filter(user=perm.regional_coordinator, kind=ReminderKind.COORDINATOR_OVERDUE)
    assert sorted(daily.values_list("day", flat=True)) == [
        DAY,
        DAY + timedelta(days=1),
        DAY + timedelta(days=2),
    ]
    assert len(mails_to(outbox, perm.regional_coordinator.email)) == 3


def test_moved_deadline_is_reminded_again(perm, run_day, outbox):
    item = make_item(perm.regional, due=DAY + timedelta(days=1), users=[perm.staff])
    run_day(perm.region)
    new_end = DAY + timedelta(days=8)
    roadmap_services.item_update(
        actor=None,
        item=item,
        expected_version=item.version,
        description=item.description,
        period_text=f"до {new_end:%d.%m.%Y}",
    )

    run_day(perm.region, DAY + timedelta(days=1))

    kinds = list(Reminder.objects.filter(user=perm.staff).order_by("day").values_list("kind", "due_date"))
    assert kinds == [(ReminderKind.DUE_TOMORROW, DAY + timedelta(days=1)), (ReminderKind.DUE_SOON, new_end)]
    assert len(mails_to(outbox, perm.staff.email)) == 2


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.FailingForSomeAddressesBackend"
    yield mail_backends.FAILING_ADDRESSES
    mail_backends.FAILING_ADDRESSES.clear()


def test_mail_failure_for_one_person_does_not_stop_others_and_is_retried_once(
    busy_day, run_day, outbox, flaky_mail, time_machine, django_capture_on_commit_callbacks
):
    """Имитация сбоя посреди рассылки: SMTP отвечает ошибкой на письмо команде школы. Письма уходят
    своей задачей после коммита (jobs.mail), поэтому уведомления команды и отметка сводки остаются,
    а письмо ждёт в исходящих с ошибкой. Остальные письма уходят. Повтор задачи письма (в воркере —
    автоматически с паузой) отправляет его ровно один раз, ещё один повтор ничего не шлёт."""
    time_machine.move_to(datetime(2026, 11, 23, 3, 30, tzinfo=UTC), tick=False)  # 08:30 в Перми
    flaky_mail.add(busy_day.team.email)

    run_day(busy_day.region)

    assert len(outbox) == 4
    assert mails_to(outbox, busy_day.team.email) == []
    digest = DigestEmail.objects.get(user=busy_day.team)
    assert digest.sent_at is not None and Notification.objects.filter(user=busy_day.team).count() == 1
    waiting = OutboundMail.objects.get(key=f"notifications.digest:{digest.pk}")
    assert waiting.status == MailStatus.PENDING and "разорвано" in waiting.last_error

    flaky_mail.clear()  # почтовый сервер снова отвечает
    assert send_outbound_mail.delay(waiting.pk).get() is True
    assert send_outbound_mail.delay(waiting.pk).get() is False

    assert len(mails_to(outbox, busy_day.team.email)) == 1
    assert len(outbox) == 5
    waiting.refresh_from_db()
    assert waiting.status == MailStatus.SENT
    assert Notification.objects.filter(user=busy_day.team).count() == 1


def test_opted_out_person_gets_in_app_notifications_without_mail(perm, run_day, outbox):
    perm.staff.email_notifications = False
    perm.staff.save()
    make_item(perm.regional, due=DAY + timedelta(days=7), users=[perm.staff])
    make_item(perm.regional, due=DAY - timedelta(days=3), users=[perm.staff])

    run_day(perm.region)

    assert mails_to(outbox, perm.staff.email) == []
    digest = DigestEmail.objects.get(user=perm.staff)
    assert digest.sent_at is not None and not digest.emailed
    assert Notification.objects.filter(user=perm.staff, is_read=False).count() == 2
