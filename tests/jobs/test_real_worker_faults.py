"""Отказы с настоящим брокером Redis и настоящим воркером Celery (в CI обязательны):
брокер недоступен во время запроса, дочерний процесс воркера убит посреди задачи, база недоступна
внутри задачи. Ничего не подменяется: закрытые порты, SIGKILL, блокировки таблиц PostgreSQL."""

import datetime
import os
import signal
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from config.celery import app
from jobs.enqueue import QUEUED_LATER_MESSAGE
from jobs.models import JobDispatch, OutboundMail
from jobs.services import jobs_sweep
from monitoring import services as monitoring_services
from monitoring.models import RunStatus, Snapshot
from notifications.models import DigestEmail, Notification
from notifications.tasks import reminders_dispatch
from reports.models import ExportJob, ExportStatus
from tests.celery_worker import _forget_broker_connections, wait_for
from tests.factories import RegionFactory, make_member, make_roadmap
from tests.jobs.conftest import closed_port
from tests.notifications.factories import make_item
from tests.notifications.test_reminders_real_worker import region_where_reminders_are_due

pytestmark = pytest.mark.services


def conninfo() -> str:
    db = connection.settings_dict
    return (
        f"host={db.get('HOST') or '127.0.0.1'} port={db.get('PORT') or 5432} "
        f"user={db.get('USER') or 'postgres'} dbname={db['NAME']}"
        + (f" password={db['PASSWORD']}" if db.get("PASSWORD") else "")
    )


def lock_table(table: str) -> psycopg.Connection:
    """Отдельное соединение держит таблицу: задача, дошедшая до неё, ждёт — это и есть «посреди задачи»."""
    blocker = psycopg.connect(conninfo())
    blocker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return blocker


def waiting_queries() -> list[str]:
    """Запросы, которые сейчас ждут блокировку (их задачи остановились «посреди работы»)."""
    with psycopg.connect(conninfo(), autocommit=True) as probe:
        rows = probe.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            [connection.settings_dict["NAME"]],
        ).fetchall()
        return [row[0] for row in rows]


def kill_child(worker) -> int:
    children = wait_for(worker.children, timeout=10)
    assert children, "у воркера prefork нет дочернего процесса"
    os.kill(children[0], signal.SIGKILL)
    assert wait_for(lambda: worker.children() and worker.children() != children, timeout=30), worker.log()
    return children[0]


@pytest.fixture
def export_setup(settings):
    # Воркер живёт с настройками config.settings.test: файлы — в их MEDIA_ROOT; читаем оттуда же.
    settings.MEDIA_ROOT = django_settings.BASE_DIR / "test-artifacts" / "media"
    settings.REPORTS_SYNC_MAX_ROWS = 5
    region = RegionFactory()
    roadmap = make_roadmap("regional", region=region, items=20, sections=2)
    staff = make_member(Role.REGIONAL_STAFF, region=region)
    return staff, reverse("reports:roadmap", args=[roadmap.pk, "xlsx"])


def test_job_saved_while_broker_is_down_runs_after_the_sweeper_once_it_is_back(
    worker_factory, export_setup, client
):
    worker = worker_factory()
    staff, url = export_setup
    client.force_login(staff)
    good_broker = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    _forget_broker_connections()
    try:
        response = client.post(url, follow=True)
    finally:
        app.conf.broker_url = good_broker
        _forget_broker_connections()

    assert response.status_code == 200
    assert QUEUED_LATER_MESSAGE in response.content.decode()
    job = ExportJob.objects.get()
    time.sleep(2)
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED  # до брокера задача не дошла: никто её не выполняет

    assert jobs_sweep()["reports.export"] == 1  # брокер вернулся — подметальщик ставит задание

    def finished():
        job.refresh_from_db()
        return job.status in (ExportStatus.DONE, ExportStatus.FAILED)

    assert wait_for(finished, timeout=60), worker.log()
    assert job.status == ExportStatus.DONE, job.message
    assert JobDispatch.objects.get(kind="reports.export", object_id=job.pk).attempts == 2
    default_storage.delete(job.file.name)


def test_worker_child_killed_mid_snapshot_completes_it_once(worker_factory):
    worker = worker_factory(pool="prefork")
    region = RegionFactory()
    make_roadmap("regional", region=region, items=5, sections=1)
    today = datetime.date.today()
    stage = monitoring_services.stage_save(
        actor=None, region=region, year=today.year, title="1-й этап", date=today
    )
    blocker = lock_table("monitoring_snapshot")
    try:
        run = monitoring_services.snapshot_run_request(actor=None, stage=stage, region=region)
        assert wait_for(waiting_queries, timeout=60), worker.log()
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING  # задача посреди работы: показатели посчитаны, запись ждёт
        kill_child(worker)
    finally:
        blocker.rollback()
        blocker.close()

    def finished():
        run.refresh_from_db()
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    assert wait_for(finished, timeout=60), worker.log()
    assert run.status == RunStatus.DONE, run.message
    assert Snapshot.objects.filter(stage=stage, region=region).count() == 1
    assert "WorkerLostError" in worker.log() or "SIGKILL" in worker.log()


def test_worker_child_killed_mid_digest_gives_one_notification_and_one_mail(worker_factory):
    worker = worker_factory(pool="prefork")
    region = region_where_reminders_are_due()
    today = region.local_today()
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region, email="koordinator@example.ru")
    roadmap = make_roadmap("regional", region=region, year=today.year)
    make_item(roadmap, due=today + datetime.timedelta(days=1), users=[coordinator], description="Семинар")

    # Сводка ждёт на записи письма в исходящие — уведомления уже созданы в её транзакции.
    blocker = lock_table("jobs_outboundmail")
    try:
        reminders_dispatch.delay()
        waiting = wait_for(waiting_queries, timeout=60)
        assert waiting and "jobs_outboundmail" in waiting[0], (waiting, worker.log())
        assert not DigestEmail.objects.filter(user=coordinator, sent_at__isnull=False).exists()
        kill_child(worker)
    finally:
        blocker.rollback()
        blocker.close()

    def mailed():
        return OutboundMail.objects.filter(status="sent").exists() and worker.sent_mail()

    assert wait_for(mailed, timeout=60), worker.log()
    time.sleep(3)  # лишняя доставка, если бы она была, успела бы отработать
    assert Notification.objects.filter(user=coordinator).count() == 1
    assert OutboundMail.objects.count() == 1
    assert len(worker.sent_mail()) == 1
    assert worker.sent_mail()[0].count("Subject:") == 1


def test_database_connection_error_inside_a_task_is_retried(worker_factory, export_setup, client, db_proxy):
    """Воркер ходит в базу через прокси, который сначала выключен: задача падает с ошибкой соединения
    PostgreSQL, повторяется с паузой и, когда база снова доступна, выполняется."""
    worker = worker_factory(port=db_proxy.port)
    staff, url = export_setup
    client.force_login(staff)
    client.post(url)
    job = ExportJob.objects.get()

    assert wait_for(lambda: "Retry in" in worker.log(), timeout=60), worker.log()
    assert "OperationalError" in worker.log()
    db_proxy.start()

    def finished():
        job.refresh_from_db()
        return job.status in (ExportStatus.DONE, ExportStatus.FAILED)

    assert wait_for(finished, timeout=90), worker.log()
    assert job.status == ExportStatus.DONE, job.message
    default_storage.delete(job.file.name)
