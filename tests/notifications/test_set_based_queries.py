"""Подбор напоминаний и отправка сводки — множествами: число запросов не растёт с числом мероприятий."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from notifications import services
from notifications.models import DigestEmail, Reminder
from tests.notifications.conftest import DAY, mails_to
from tests.notifications.factories import make_item

pytestmark = pytest.mark.django_db


def fill(perm, count: int) -> None:
    people = [perm.staff, perm.curator]
    for i in range(count):
        roadmap = (perm.regional, perm.municipal, perm.school_map)[i % 3]
        make_item(roadmap, due=DAY + timedelta(days=(7, 1, -2)[i % 3]), users=people[: 1 + i % 2])


def queries_to_process(perm, count, django_assert_max_num_queries, capture) -> int:
    fill(perm, count)
    with capture(execute=False), django_assert_max_num_queries(1000) as ctx:
        services.region_day_process(region_id=perm.region.pk, day=DAY)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("count", [6, 60])
def test_region_day_query_count_does_not_grow(
    perm, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    queries = queries_to_process(
        perm, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
    )
    # Измерено (SQLite): 20 при 6 и 21 при 60 мероприятиях — лишний запрос только от ограничения SQLite
    # на число параметров в одной вставке (bulk_create делит её на пачки); PostgreSQL вставляет разом.
    assert queries <= 22, queries
    assert Reminder.objects.count() >= count


@pytest.mark.parametrize("count", [3, 45])
def test_digest_send_query_count_does_not_grow(
    perm, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    fill(perm, count)
    with django_capture_on_commit_callbacks(execute=False):
        services.region_day_process(region_id=perm.region.pk, day=DAY)
    digest = DigestEmail.objects.get(user=perm.staff)
    # +4 запроса на запись письма в исходящие (jobs.mail): от числа строк не зависят.
    with django_assert_max_num_queries(16):
        assert services.digest_send(digest_id=digest.pk)


def test_management_command_processes_one_region_day(perm, outbox, django_capture_on_commit_callbacks):
    make_item(perm.regional, due=DAY + timedelta(days=1), users=[perm.staff])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--region", "59", "--day", "23.11.2026")
    assert len(mails_to(outbox, perm.staff.email)) == 1
