"""Сквозная проверка напоминаний через настоящий брокер Redis и настоящий воркер Celery отдельным
процессом: почасовой диспетчер → день региона → письмо-сводка в файловом почтовом ящике воркера.
Повторная доставка тех же задач второго письма не даёт. Без PostgreSQL/Redis тест пропускается,
в CI (REQUIRE_SERVICES=1) — падает."""

import email
import zoneinfo
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from accounts.models import Role
from notifications.models import DigestEmail, Notification, RegionDayRun
from notifications.services import REMINDERS_LOCAL_HOUR
from notifications.tasks import event_digests_dispatch, reminders_dispatch, send_digest
from roadmaps import services as roadmap_services
from schools.models import RegionTimeZone
from tests.celery_worker import wait_for
from tests.factories import MunicipalityFactory, RegionFactory, make_member, make_roadmap
from tests.notifications.factories import make_item

pytestmark = pytest.mark.services

SEPARATOR = "\n" + "-" * 79 + "\n"  # так файловый почтовый бэкенд Django разделяет письма


def region_where_reminders_are_due():
    """Воркер живёт в настоящем времени (time_machine до другого процесса не дотянется), поэтому берём
    часовой пояс, где уже наступил час напоминаний: зоны России покрывают 11 часов подряд — такой есть."""
    now = timezone.now()
    tz = next(
        tz
        for tz in RegionTimeZone.values
        if timezone.localtime(now, zoneinfo.ZoneInfo(tz)).hour >= REMINDERS_LOCAL_HOUR
    )
    return RegionFactory(name="Пермский край", timezone=tz)


def parse_mails(files: list[str]) -> list[email.message.Message]:
    return [
        email.message_from_bytes(chunk.encode("utf-8"))  # тело письма — 8bit UTF-8, разбираем как байты
        for text in files
        for chunk in text.split(SEPARATOR)
        if chunk.strip()
    ]


def count_succeeded(worker, task_name: str) -> int:
    return sum(1 for line in worker.log().splitlines() if f"{task_name}[" in line and "succeeded" in line)


def test_reminder_digest_is_mailed_by_real_worker_exactly_once(celery_worker_process):
    worker = celery_worker_process
    region = region_where_reminders_are_due()
    today = region.local_today()
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region, email="koordinator@example.ru")
    roadmap = make_roadmap("regional", region=region, year=today.year)
    tomorrow = make_item(
        roadmap,
        due=today + timedelta(days=1),
        users=[coordinator],
        description="Провести семинар для директоров",
    )
    make_item(
        roadmap, due=today - timedelta(days=2), users=[coordinator], description="Сдать отчёт о посещениях"
    )

    reminders_dispatch.delay()  # сообщение уходит в Redis; воркер ставит день региона и письма сам

    def digest_sent():
        return DigestEmail.objects.filter(user=coordinator, sent_at__isnull=False).first()

    digest = wait_for(digest_sent, timeout=60)
    assert digest, f"сводка не отправлена; журнал воркера:\n{worker.log()}"
    assert digest.day == today and digest.emailed
    [message] = parse_mails(wait_for(worker.sent_mail, timeout=10))
    assert message["To"] == "koordinator@example.ru"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == f"Сроки по дорожным картам: 3 напоминания на {today:%d.%m.%Y}"
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "Срок завтра" in body and "1. Провести семинар для директоров" in body
    assert f"http://127.0.0.1:8000/roadmaps/{roadmap.pk}/#item-{tomorrow.pk}" in body
    assert "Просрочено" in body and "Сводка для координатора" in body
    notifications = Notification.objects.filter(user=coordinator).count()
    assert notifications == 3  # два личных напоминания и сводка координатора

    # Повторная доставка (как после падения воркера): диспетчер дважды и та же сводка ещё раз.
    dispatched, sent = count_succeeded(worker, "reminders_dispatch"), count_succeeded(worker, "send_digest")
    reminders_dispatch.delay()
    reminders_dispatch.delay()
    send_digest.delay(digest.pk)
    assert wait_for(
        lambda: (
            count_succeeded(worker, "reminders_dispatch") >= dispatched + 2
            and count_succeeded(worker, "send_digest") >= sent + 1
        ),
        timeout=30,
    ), worker.log()
    assert len(parse_mails(worker.sent_mail())) == 1
    assert Notification.objects.filter(user=coordinator).count() == notifications
    assert RegionDayRun.objects.filter(region=region).count() == 1


def test_reminders_and_workflow_events_arrive_in_one_email_from_the_real_worker(celery_worker_process):
    """Одно письмо в день: напоминание о сроке и событие (карта возвращена с комментарием) — в одной
    сводке; повторная доставка задач второго письма не даёт."""
    worker = celery_worker_process
    region = region_where_reminders_are_due()
    today = region.local_today()
    municipality = MunicipalityFactory(region=region)
    author = make_member(Role.MUNICIPAL_COORDINATOR, municipality=municipality, email="mun@example.ru")
    reviewer = make_member(Role.REGIONAL_COORDINATOR, region=region, email="rc@example.ru")
    roadmap = make_roadmap("municipal", municipality=municipality, year=today.year)
    make_item(roadmap, due=today + timedelta(days=1), users=[author], description="Провести семинар")
    roadmap_services.roadmap_submit(roadmap=roadmap, actor=author)
    roadmap_services.roadmap_return(roadmap=roadmap, actor=reviewer, comment="Уточните сроки пункта 1")

    reminders_dispatch.delay()

    def digest_sent():
        return DigestEmail.objects.filter(user=author, sent_at__isnull=False).first()

    digest = wait_for(digest_sent, timeout=60)
    assert digest and digest.emailed, f"сводка не отправлена; журнал воркера:\n{worker.log()}"

    def mine():
        return [m for m in parse_mails(worker.sent_mail()) if m["To"] == "mun@example.ru"]

    [message] = wait_for(mine, timeout=10)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == f"Сроки и события по дорожным картам: 1 напоминание, 1 событие на {today:%d.%m.%Y}"
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "Провести семинар" in body and "Уточните сроки пункта 1" in body
    assert Notification.objects.filter(user=author, event_key__isnull=False, digest=digest).count() == 1

    sent = count_succeeded(worker, "send_digest")
    send_digest.delay(digest.pk)
    event_digests_dispatch.delay()
    assert wait_for(lambda: count_succeeded(worker, "send_digest") >= sent + 1, timeout=30), worker.log()
    assert len(mine()) == 1
