"""Напоминания о сроках: почасовой диспетчер регионов, обработка дня региона, отправка сводки и
отметки «прочитано». Каждый шаг безопасен при повторе (задачи Celery с acks_late и повторами):

1. region_days_dispatch — регионам, где по местному времени наступило REMINDERS_LOCAL_HOUR, заводит
   строку RegionDayRun(регион, день) и ставит в очередь обработку дня; зависшие дни и сводки
   ставит заново;
2. region_day_process — под блокировкой строки дня добавляет напоминания с уникальными ключами
   (bulk_create с ignore_conflicts) и письма-сводки (человек, регион, день), отмечает день обработанным;
3. digest_send — под блокировкой сводки создаёт уведомления, записывает письмо (jobs.mail, ключ —
   номер сводки) и ставит sent_at — всё в одной транзакции; письмо отправляет после коммита своя задача
   на очереди «mail» с тайм-аутом SMTP и повторами — второй раз то же письмо не уходит.
"""

from __future__ import annotations

import functools
import operator
import re
import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from jobs.enqueue import enqueue_after_commit
from jobs.mail import mail_queue
from notifications.digest import DigestContent, Line, absolute_url, digest_content, reminders_with_related
from notifications.models import DigestEmail, Notification, NotificationKind, RegionDayRun, Reminder
from notifications.reminders import Candidate, reminder_candidates
from schools.models import Region

# С какого часа по местному времени регион получает напоминания за свой день.
REMINDERS_LOCAL_HOUR = getattr(settings, "REMINDERS_LOCAL_HOUR", 8)
# Поставленное в очередь, но не выполненное за это время (воркер упал, брокер потерял сообщение)
# диспетчер ставит заново. Повтор безопасен: день и сводка защищены блокировкой и отметками.
REQUEUE_AFTER = timedelta(minutes=30)
# Сводку, которая так и не ушла за сутки (например, почтовый сервер отвергает адрес), больше не ставим:
# напоминание «срок завтра» через день уже вводит в заблуждение. Она остаётся видна в администрировании.
GIVE_UP_AFTER = timedelta(days=1)
KEY_CHUNK = 500


# Задачи — по имени (jobs.enqueue.task_named): задачи сами вызывают эти сервисы, круга импортов нет.
REMINDERS_RUN_REGION = "notifications.tasks.reminders_run_region"
SEND_DIGEST = "notifications.tasks.send_digest"


def _enqueue(task: str, *args) -> None:
    """Постановка в очередь после коммита (общий терпимый помощник jobs.enqueue: недоступный брокер
    не роняет диспетчер и стоит не больше пары секунд). robust: сбой одной постановки (или, в режиме
    eager, самой задачи) не мешает остальным — зависшее подберёт следующий запуск диспетчера."""
    enqueue_after_commit(task, *args, robust=True)


def _due_days(last_days: dict[int, date], region_id: int, local: datetime) -> list[date]:
    """Дни региона, которые пора обработать: сегодняшний (если наступил час напоминаний) и пропущенные
    после последнего обработанного дня — не дальше REMINDERS_CATCH_UP_DAYS назад (напоминание
    «срок завтра» недельной давности уже вводит в заблуждение). Регион без единого дня (новая установка)
    начинает с сегодняшнего: прошлое за него не досылается."""
    today = local.date()
    days = []
    last = last_days.get(region_id)
    if last is not None:
        back = timedelta(days=getattr(settings, "REMINDERS_CATCH_UP_DAYS", 3))
        start = max(last + timedelta(days=1), today - back)
        days = [start + timedelta(days=n) for n in range((today - start).days)]
    if local.hour >= REMINDERS_LOCAL_HOUR:
        days.append(today)
    return days


def region_days_dispatch(*, now: datetime | None = None) -> list[tuple[int, date]]:
    """Ставит в очередь дни регионов, которые пора обработать, и перезапускает зависшее."""
    now = now or timezone.now()
    last_days = dict(
        RegionDayRun.objects.values("region_id").annotate(last=Max("day")).values_list("region_id", "last")
    )
    due: list[tuple[int, date]] = []
    for region_id, tz in Region.objects.values_list("pk", "timezone"):
        local = timezone.localtime(now, zoneinfo.ZoneInfo(tz))
        due.extend((region_id, day) for day in _due_days(last_days, region_id, local))
    stale = now - REQUEUE_AFTER
    not_enqueued_recently = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale)
    enqueued: list[tuple[int, date]] = []
    with transaction.atomic():
        if due:
            RegionDayRun.objects.bulk_create(
                [RegionDayRun(region_id=region_id, day=day) for region_id, day in due],
                ignore_conflicts=True,
            )
            todays = functools.reduce(operator.or_, (Q(region_id=r, day=d) for r, d in due))
            # skip_locked: день, который прямо сейчас обрабатывает воркер, не ждём и не трогаем.
            runs = list(
                RegionDayRun.objects.select_for_update(skip_locked=True)
                .filter(todays, not_enqueued_recently, finished_at__isnull=True)
                .order_by("pk")
            )
            RegionDayRun.objects.filter(pk__in=[run.pk for run in runs]).update(enqueued_at=now)
            for run in runs:
                _enqueue(REMINDERS_RUN_REGION, run.region_id, run.day.isoformat())
                enqueued.append((run.region_id, run.day))
        stuck = list(
            DigestEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, created_at__lt=stale, created_at__gte=now - GIVE_UP_AFTER)
            .filter(not_enqueued_recently)
            .values_list("pk", flat=True)
        )
        DigestEmail.objects.filter(pk__in=stuck).update(enqueued_at=now)
        for digest_id in stuck:
            _enqueue(SEND_DIGEST, digest_id)
    return enqueued


def _new_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Отбрасывает уже записанные напоминания, чтобы не заводить пустых сводок."""
    keys = [c.key for c in candidates]
    existing: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        existing.update(
            Reminder.objects.filter(key__in=keys[start : start + KEY_CHUNK]).values_list("key", flat=True)
        )
    return [c for c in candidates if c.key not in existing]


def region_day_process(*, region_id: int, day: date) -> int:
    """Записывает напоминания региона за местный день и ставит в очередь письма. Возвращает число
    новых напоминаний; повторный запуск того же дня ничего не добавляет."""
    with transaction.atomic():
        run, _ = RegionDayRun.objects.get_or_create(region_id=region_id, day=day)
        run = RegionDayRun.objects.select_for_update().get(pk=run.pk)
        if run.finished_at is not None:
            return 0
        candidates = _new_candidates(reminder_candidates(region_id=region_id, day=day))
        # Сводка человека за этот день уже ушла (день запускали заново вручную) — новых строк к ней не
        # пишем: в журнале они числились бы отправленными, а письма с ними не было бы.
        already_sent = set(
            DigestEmail.objects.filter(region_id=region_id, day=day, sent_at__isnull=False).values_list(
                "user_id", flat=True
            )
        )
        candidates = [c for c in candidates if c.user_id not in already_sent]
        DigestEmail.objects.bulk_create(
            [
                DigestEmail(user_id=uid, region_id=region_id, day=day)
                for uid in {c.user_id for c in candidates}
            ],
            ignore_conflicts=True,
        )
        digests = dict(DigestEmail.objects.filter(region_id=region_id, day=day).values_list("user_id", "pk"))
        Reminder.objects.bulk_create(
            [
                Reminder(
                    key=c.key,
                    kind=c.kind,
                    user_id=c.user_id,
                    day=day,
                    digest_id=digests[c.user_id],
                    item_id=c.item_id,
                    roadmap_id=c.roadmap_id,
                    municipality_id=c.municipality_id,
                    due_date=c.due_date,
                )
                for c in candidates
            ],
            ignore_conflicts=True,
        )
        run.finished_at = timezone.now()
        run.reminders_created = len(candidates)
        run.save(update_fields=["finished_at", "reminders_created"])
        pending = DigestEmail.objects.filter(region_id=region_id, day=day, sent_at__isnull=True)
        pending_ids = list(pending.values_list("pk", flat=True))
        pending.update(enqueued_at=run.finished_at)
        for digest_id in pending_ids:
            _enqueue(SEND_DIGEST, digest_id)
    return len(candidates)


def _numbered(title: str) -> str:
    """«Просрочено: мероприятие 5. Посещение…» — голая «5.» после двоеточия читалась как количество."""
    return f"мероприятие {title}" if re.match(r"\d+(\.\d+)*\. ", title) else title


def _notifications_for(digest: DigestEmail, content: DigestContent) -> list[tuple[Notification, list[Line]]]:
    """Личное напоминание — уведомление со ссылкой на мероприятие; сводка координатора — одно
    уведомление за день со своей страницей, где перечислены строки."""
    made: list[tuple[Notification, list[Line]]] = []
    for _title, lines in content.personal_sections:
        for line in lines:
            kind = NotificationKind(line.reminder.kind)
            made.append(
                (
                    Notification(
                        user_id=digest.user_id,
                        digest=digest,
                        kind=kind,
                        title=f"{kind.label}: {_numbered(line.title)}",
                        text=line.details,
                        link=line.path,
                    ),
                    [line],
                )
            )
    if content.has_coordinator_part:
        parts = []
        if content.coordinator_overdue:
            parts.append(f"Просроченных мероприятий: {len(content.coordinator_overdue)}.")
        if content.maps_not_submitted:
            parts.append(f"Муниципальных карт не представлено в срок: {len(content.maps_not_submitted)}.")
        made.append(
            (
                Notification(
                    user_id=digest.user_id,
                    digest=digest,
                    kind=NotificationKind.COORDINATOR_DIGEST,
                    title=f"Сводка для координатора на {digest.day:%d.%m.%Y}",
                    text=" ".join(parts),
                ),
                content.coordinator_overdue + content.maps_not_submitted,
            )
        )
    return made


def _queue_digest_mail(digest: DigestEmail, user: User, content: DigestContent) -> None:
    body = render_to_string(
        "notifications/email/digest.txt",
        {
            "user": user,
            "content": content,
            "notifications_url": absolute_url(reverse("notifications:list")),
            "profile_url": absolute_url(reverse("accounts:profile")),
        },
    )
    # В шаблоне теги циклов оставляют лишние пустые строки — между блоками письма оставляем по одной.
    body = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", body)).strip() + "\n"
    # Письмо уходит своей задачей после коммита (очередь «mail», тайм-аут SMTP); ключ — номер сводки,
    # поэтому повтор этой задачи или отправки после убитого воркера второго письма не даст.
    mail_queue(key=f"notifications.digest:{digest.pk}", to=[user.email], subject=content.subject, body=body)


def digest_send(*, digest_id: int) -> bool:
    """Создаёт уведомления сводки и отправляет одно письмо (если человек их не отключил). Возвращает
    True, если письмо поставлено в отправку. Повтор после успешной отправки ничего не делает."""
    with transaction.atomic():
        digest = (
            DigestEmail.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=digest_id)
            .first()
        )
        if digest is None or digest.sent_at is not None:
            return False
        content = digest_content(day=digest.day, reminders=reminders_with_related(digest.reminders.all()))
        made = _notifications_for(digest, content) if digest.user.is_active else []
        Notification.objects.bulk_create([notification for notification, _ in made])
        linked = []
        for notification, lines in made:
            for line in lines:
                line.reminder.notification = notification
                linked.append(line.reminder)
        Reminder.objects.bulk_update(linked, ["notification"])
        user = digest.user
        emailed = bool(content.count and user.is_active and user.email_notifications and user.email)
        if emailed:
            # Письмо записывается в этой же транзакции, а отправляется после коммита своей задачей:
            # медленный почтовый сервер не держит блокировки сводки, а сбой почты не откатывает уведомления.
            _queue_digest_mail(digest, user, content)
        digest.sent_at = timezone.now()
        digest.emailed = emailed
        digest.save(update_fields=["sent_at", "emailed"])
        return emailed


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if not notification.is_read:
        notification.is_read = True
        notification.read_at = timezone.now()
        notification.save(update_fields=["is_read", "read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, is_read=False).update(is_read=True, read_at=timezone.now())
