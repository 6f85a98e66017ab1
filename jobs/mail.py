"""Письма после коммита, своей задачей на очереди «mail», с постоянным ключом.

mail_queue пишется в транзакции того, что порождает письмо (сводка, приглашение): откат — письма нет.
mail_deliver (задача) сначала отмечает письмо «передаётся серверу» и фиксирует это, и только потом
говорит с SMTP (с тайм-аутом EMAIL_TIMEOUT). Так повтор после убитого воркера письмо второй раз
не отправит: «передаётся» без «отправлено» означает, что исход неизвестен, и такое письмо
не повторяется само (лучше одно потерянное напоминание, чем дубли), а видно в админке.
Ошибка SMTP (сервер отказал, тайм-аут) — наоборот, точно «не отправлено»: письмо снова ждёт и
задача повторяется с паузой. Message-ID письма тоже постоянный — почтовые клиенты склеят дубль.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from jobs.enqueue import enqueue_after_commit
from jobs.models import MailStatus, OutboundMail

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """SMTP не принял письмо — задача повторит его позже."""


def mail_queue(*, key: str, to: list[str], subject: str, body: str) -> OutboundMail:
    """Заводит письмо с ключом (повтор с тем же ключом возвращает прежнее) и ставит отправку после коммита."""
    with transaction.atomic():
        mail, created = OutboundMail.objects.get_or_create(
            key=key, defaults={"to": list(to), "subject": subject[:300], "body": body}
        )
        if created:  # robust: сбой одного письма (в режиме eager) не мешает остальным колбэкам;
            # не дошедшее до брокера письмо поставит подметальщик (вид «jobs.mail» в jobs/specs.py)
            enqueue_after_commit("jobs.tasks.send_outbound_mail", mail.pk, robust=True)
    return mail


def mail_deliver(*, mail_id: int) -> bool:
    """Отправляет письмо один раз. True — отправлено сейчас; False — уже было (или исход неизвестен)."""
    with transaction.atomic():
        mail = OutboundMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != MailStatus.PENDING:
            return False
        mail.status, mail.claimed_at, mail.attempts = MailStatus.SENDING, timezone.now(), mail.attempts + 1
        mail.save(update_fields=["status", "claimed_at", "attempts"])
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "roadmap500.local"
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        to=mail.to,
        headers={"Message-ID": f"<{mail.key.replace(':', '.')}@{domain}>"},
    )
    try:
        get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None)).send_messages([message])
    except Exception as error:
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.PENDING, last_error=str(error)[:2000]
        )
        logger.warning("Письмо %s не отправлено: %s", mail.key, error)
        raise MailNotSent(str(error)) from error
    OutboundMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def mail_give_up(*, mail_id: int, reason: str) -> None:
    OutboundMail.objects.filter(pk=mail_id, status=MailStatus.PENDING).update(
        status=MailStatus.FAILED, last_error=reason[:2000]
    )
