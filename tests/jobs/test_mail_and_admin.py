"""Письма с постоянным ключом (не больше одного раза) и админка заданий: попытки, ошибка, «перезапустить»."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from jobs.mail import mail_deliver, mail_queue
from jobs.models import JobDispatch, MailStatus, OutboundMail
from jobs.services import GAVE_UP_MESSAGE, job_restart
from reports.models import ExportJob, ExportKind, ExportStatus
from tests.factories import RegionFactory, make_member, make_roadmap

pytestmark = pytest.mark.django_db


def test_same_key_gives_one_mail_even_if_queued_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = mail_queue(key="test:1", to=["a@example.ru"], subject="Тема", body="Текст")
        second = mail_queue(key="test:1", to=["a@example.ru"], subject="Тема", body="Текст")
    assert first.pk == second.pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<test.1@")
    assert mail_deliver(mail_id=first.pk) is False and len(mail.outbox) == 1


def test_mail_handed_to_smtp_before_a_kill_is_not_sent_again():
    """«Передаётся серверу» без «отправлено» — воркер убит посреди SMTP: исход неизвестен, повтор не шлёт."""
    handed = OutboundMail.objects.create(
        key="test:2", to=["b@example.ru"], subject="Тема", body="Текст", status=MailStatus.SENDING
    )
    assert mail_deliver(mail_id=handed.pk) is False
    assert mail.outbox == []


@pytest.fixture
def failed_export():
    region = RegionFactory()
    roadmap = make_roadmap("regional", region=region, items=3, sections=1)
    staff = make_member(Role.REGIONAL_STAFF, region=region)
    job = ExportJob.objects.create(
        kind=ExportKind.ROADMAP,
        params={"roadmap_id": roadmap.pk, "format": "xlsx"},
        requested_by=staff,
        title="Карта",
        status=ExportStatus.FAILED,
        message=GAVE_UP_MESSAGE.format(attempts="5 попыток"),
    )
    JobDispatch.objects.create(
        kind="reports.export",
        object_id=job.pk,
        attempts=5,
        gave_up_at=timezone.now(),
        last_error="брокер недоступен",
    )
    return job


def test_admin_lists_export_jobs_with_attempts_and_error(failed_export, client):
    admin = User.objects.create_superuser(
        email="root@example.ru", password="x", last_name="А", first_name="Б"
    )
    client.force_login(admin)
    for name in (
        "reports_exportjob",
        "monitoring_snapshotrun",
        "schoolwork_riskimportbatch",
        "jobs_jobdispatch",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:reports_exportjob_changelist")).content.decode()
    assert "постановок в очередь" in page.lower() and "после 5 попыток" in page


def test_restart_action_puts_a_failed_job_back_into_the_queue_and_it_runs(
    failed_export, client, django_capture_on_commit_callbacks
):
    admin = User.objects.create_superuser(
        email="root@example.ru", password="x", last_name="А", first_name="Б"
    )
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):  # задачи в тестах выполняются сразу
        response = client.post(
            reverse("admin:reports_exportjob_changelist"),
            {"action": "restart_jobs", "_selected_action": [failed_export.pk]},
            follow=True,
        )
    assert "Поставлено в очередь заново: 1" in response.content.decode()
    failed_export.refresh_from_db()
    assert failed_export.status == ExportStatus.DONE
    dispatch = JobDispatch.objects.get(kind="reports.export", object_id=failed_export.pk)
    assert dispatch.attempts == 1 and dispatch.gave_up_at is None


def test_restart_does_not_touch_a_finished_job(failed_export):
    ExportJob.objects.filter(pk=failed_export.pk).update(status=ExportStatus.DONE)
    assert job_restart(kind="reports.export", object_id=failed_export.pk) is False


def test_mail_that_never_reached_the_broker_is_sent_by_the_sweeper(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from jobs.services import jobs_sweep, submitted_forms_purge

    lost = OutboundMail.objects.create(key="test:3", to=["c@example.ru"], subject="Тема", body="Текст")
    OutboundMail.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):  # в тестах задачи выполняются сразу
        assert jobs_sweep()["jobs.mail"] == 1
    lost.refresh_from_db()
    assert lost.status == MailStatus.SENT and len(mail.outbox) == 1
    assert submitted_forms_purge() == 0
