"""Сквозная проверка: большая выгрузка уходит в Redis после коммита, настоящий воркер Celery отдельным
процессом собирает файл, страница задания показывает ссылку, файл скачивается и открывается."""

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import Role
from reports.models import ExportJob, ExportStatus
from tests.celery_worker import wait_for
from tests.factories import RegionFactory, make_member, make_roadmap
from tests.reports.files import response_bytes, table, workbook

pytestmark = pytest.mark.services


def test_big_export_is_built_by_the_real_worker(celery_worker_process, client, settings):
    # Воркер живёт с настройками config.settings.test: файлы — в их MEDIA_ROOT; читаем оттуда же.
    settings.MEDIA_ROOT = django_settings.BASE_DIR / "test-artifacts" / "media"
    settings.REPORTS_SYNC_MAX_ROWS = 5
    region = RegionFactory()
    roadmap = make_roadmap("regional", region=region, items=30, sections=3)
    staff = make_member(Role.REGIONAL_STAFF, region=region)
    client.force_login(staff)

    url = reverse("reports:roadmap", args=[roadmap.pk, "xlsx"])
    response = client.post(url)  # вне atomic-блока: on_commit срабатывает сразу, задача уходит в Redis
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])

    def finished():
        job.refresh_from_db()
        return job.status in (ExportStatus.DONE, ExportStatus.FAILED)

    assert wait_for(finished, timeout=60), (
        f"выгрузка не собралась; журнал воркера:\n{celery_worker_process.log()}"
    )
    assert job.status == ExportStatus.DONE, job.message
    assert job.progress == 100 and job.rows == 33
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Скачать файл" in page
    book = workbook(response_bytes(client.get(reverse("reports:job_download", args=[job.pk]))))
    assert len(table(book["Дорожная карта"])[1]) == 33
    default_storage.delete(job.file.name)
