"""Сквозная проверка фоновых задач: приглашение ставится в очередь Redis после коммита, настоящий
воркер отдельным процессом отправляет письмо один раз и отмечает это в базе."""

import pytest

from accounts.models import Invitation, Role
from accounts.tasks import send_invitation
from people.services import person_invite
from tests.celery_worker import wait_for
from tests.factories import RegionFactory, make_member

pytestmark = pytest.mark.services


def test_invitation_mail_is_sent_by_real_worker_exactly_once(celery_worker_process):
    region = RegionFactory()
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)

    invitation = person_invite(
        actor=coordinator,
        email="Novyj.Kurator@example.ru",
        last_name="Смирнова",
        first_name="Ольга",
        role=Role.CURATOR,
        region=region,
    )  # вне atomic-блока: on_commit срабатывает сразу, задача уходит в Redis

    def sent():
        invitation.refresh_from_db()
        return invitation.sent_at

    assert wait_for(sent, timeout=30), f"письмо не отправлено; журнал воркера:\n{celery_worker_process.log()}"
    mails = wait_for(celery_worker_process.sent_mail, timeout=10)
    assert len(mails) == 1
    assert "novyj.kurator@example.ru" in mails[0]
    assert "/accounts/password/reset/" in mails[0]

    # Повторная доставка той же задачи (как после падения воркера) второго письма не шлёт.
    send_invitation.delay(invitation.pk)
    first_sent_at = invitation.sent_at
    assert wait_for(
        lambda: "succeeded" in celery_worker_process.log().split("send_invitation")[-1], timeout=30
    )
    assert len(celery_worker_process.sent_mail()) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at == first_sent_at
    assert Invitation.objects.filter(user__email="novyj.kurator@example.ru").count() == 1
