"""Большие выгрузки: фоновое задание с прогрессом и ссылкой на файл, повторное скачивание, одна выгрузка
вместо двух, срок хранения файла, ошибки. Задачи Celery в тестах выполняются сразу (eager)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleMembership
from reports import services
from reports.models import ExportJob, ExportKind, ExportStatus
from tests.factories import make_roadmap
from tests.reports.files import pdf_text, response_bytes, table, workbook


@pytest.fixture
def big_map(world, settings):
    settings.REPORTS_SYNC_MAX_ROWS = 5  # «большая» — всё, что длиннее пяти строк
    return make_roadmap("regional", region=world["a"]["region"], items=8, sections=2)


@pytest.fixture
def staff(world):
    return world["a"][Role.REGIONAL_STAFF]


def test_big_map_goes_to_background_then_downloads_again_and_again(
    big_map, staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    url = reverse("reports:roadmap", args=[big_map.pk, "xlsx"])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Собрать файл" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    assert (
        job.status == ExportStatus.DONE and job.progress == 100 and job.rows == 10
    )  # 8 мероприятий + 2 раздела
    assert job.requested_by == staff and job.kind == ExportKind.ROADMAP
    assert re.fullmatch(r"exports/[0-9a-f]{32}\.xlsx", job.file.name)  # имя в хранилище — случайное
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=72)
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Скачать файл" in page and 'aria-valuenow="100"' in page and "hx-trigger" not in page
    for _ in range(2):  # файл хранится — его можно скачать повторно
        download = client.get(reverse("reports:job_download", args=[job.pk]))
        assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
        book = workbook(response_bytes(download))
        assert len(table(book["Дорожная карта"])[1]) == 10
    assert job.title in client.get(reverse("reports:jobs")).content.decode()


def test_running_job_page_polls_every_second_and_shows_cached_progress(big_map, staff, client_for):
    job = services.export_request(
        actor=staff,
        kind=ExportKind.ROADMAP,
        params={"roadmap_id": big_map.pk, "format": "pdf"},
        title="Карта",
    )
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    cache.set(services.PROGRESS_KEY.format(job.pk), 42)
    response = client_for(staff).get(reverse("reports:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="42"' in html and "<html" not in html


def test_same_export_twice_while_the_first_runs_starts_one_job(
    big_map, staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    url = reverse("reports:roadmap", args=[big_map.pk, "pdf"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.post(url)
        second = client.post(url)
    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1 and len(callbacks) == 1  # в очередь ушла одна задача
    client.post(reverse("reports:roadmap", args=[big_map.pk, "xlsx"]))  # другой формат — другая выгрузка
    assert ExportJob.objects.count() == 2
    callbacks[0]()  # первая выгрузка доработала…
    assert ExportJob.objects.get(params__format="pdf").status == ExportStatus.DONE
    client.post(url)  # …и теперь ту же можно заказать заново
    assert ExportJob.objects.filter(params__format="pdf").count() == 2


def test_database_forbids_two_active_jobs_for_the_same_export(big_map, staff):
    params = {"roadmap_id": big_map.pk, "format": "pdf"}
    ExportJob.objects.create(kind=ExportKind.ROADMAP, params=params, requested_by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.create(
            kind=ExportKind.ROADMAP, params=dict(reversed(params.items())), requested_by=staff
        )


def test_job_is_idempotent_and_a_redelivered_done_job_is_not_rebuilt(big_map, staff):
    job = ExportJob.objects.create(
        kind=ExportKind.ROADMAP, params={"roadmap_id": big_map.pk, "format": "pdf"}, requested_by=staff
    )
    done = services.export_job_execute(job_id=job.pk)
    assert done.status == ExportStatus.DONE and "Мероприятие 8" in pdf_text(
        default_storage.open(done.file.name).read()
    )
    again = services.export_job_execute(job_id=job.pk)
    assert again.file.name == done.file.name and again.finished_at == done.finished_at
    assert services.export_job_execute(job_id=job.pk + 1000) is None


def test_failed_build_is_reported_on_the_job_page(big_map, staff, client_for):
    job = ExportJob.objects.create(
        kind=ExportKind.ROADMAP, params={"roadmap_id": big_map.pk, "format": "pdf"}, requested_by=staff
    )
    big_map.items.all().delete()
    big_map.delete()
    failed = services.export_job_execute(job_id=job.pk)
    assert failed.status == ExportStatus.FAILED and failed.message.startswith("Ошибка")
    assert not failed.file
    html = client_for(staff).get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Ошибка" in html and "Скачать файл" not in html


def test_expired_files_are_deleted_and_cannot_be_downloaded(big_map, staff, client_for):
    job = ExportJob.objects.create(
        kind=ExportKind.ROADMAP, params={"roadmap_id": big_map.pk, "format": "xlsx"}, requested_by=staff
    )
    job = services.export_job_execute(job_id=job.pk)
    name = job.file.name
    assert default_storage.exists(name)
    assert services.export_jobs_purge(now=job.expires_at - datetime.timedelta(minutes=1)) == 0
    assert services.export_jobs_purge(now=job.expires_at + datetime.timedelta(minutes=1)) == 1
    assert not default_storage.exists(name)
    job.refresh_from_db()
    assert not job.file and job.status == ExportStatus.DONE
    response = client_for(staff).get(reverse("reports:job_download", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])


def test_lost_jobs_are_closed_so_the_export_can_be_ordered_again(big_map, staff):
    job = ExportJob.objects.create(
        kind=ExportKind.ROADMAP,
        params={"roadmap_id": big_map.pk, "format": "xlsx"},
        requested_by=staff,
        status=ExportStatus.RUNNING,
    )
    services.export_jobs_purge(now=timezone.now() + services.STALE_AFTER + datetime.timedelta(minutes=1))
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_beat_schedule_purges_expired_exports(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-purge-expired-exports"]
    assert entry["task"] == "reports.tasks.purge_expired_exports"
    from config.celery import app

    assert entry["task"] in app.tasks


def test_jobs_are_personal_and_rights_are_checked_again_on_download(big_map, world, staff, client_for):
    job = services.export_job_execute(
        job_id=ExportJob.objects.create(
            kind=ExportKind.ROADMAP, params={"roadmap_id": big_map.pk, "format": "xlsx"}, requested_by=staff
        ).pk
    )
    colleague = world["a"][Role.REGIONAL_COORDINATOR]  # видит ту же карту, но выгрузка не его
    for name in ("reports:job", "reports:job_download"):
        assert client_for(colleague).get(reverse(name, args=[job.pk])).status_code == 404
    RoleMembership.objects.filter(user=staff).update(is_active=False)  # роль отозвали, пока файл хранился
    staff.refresh_from_db()
    assert client_for(staff).get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_pdf_goes_to_background_sooner_than_excel(world, staff, client_for, settings):
    settings.REPORTS_SYNC_MAX_ROWS = 100  # для PDF порог в десять раз ниже — 10 строк
    roadmap = make_roadmap("regional", region=world["a"]["region"], items=20)
    client = client_for(staff)
    excel = client.post(reverse("reports:roadmap", args=[roadmap.pk, "xlsx"]))
    assert excel.status_code == 200 and excel["Content-Disposition"].startswith("attachment")
    pdf = client.post(reverse("reports:roadmap", args=[roadmap.pk, "pdf"]))
    assert pdf.status_code == 302 and ExportJob.objects.get().format == "pdf"
