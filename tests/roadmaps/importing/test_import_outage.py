"""Большой файл дорожной карты, пока брокер недоступен: загрузка не падает, разбор ждёт в очереди, а когда
брокер вернулся, подметальщик ставит его и предпросмотр готов; без брокера вовсе — после всех попыток
человек видит причину."""

import pytest
from django.conf import settings

from accounts.models import Role
from jobs.models import JobDispatch
from jobs.services import jobs_sweep
from roadmaps.models import RoadMapImport
from roadmaps.models_import import ImportStatus
from tests.factories import RegionFactory, make_member
from tests.jobs.conftest import broker_down  # noqa: F401 — фикстура
from tests.roadmaps.importing.builders import build_docx
from tests.roadmaps.importing.test_upload_flow import PERM, STANDARD, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    region = RegionFactory(code="59", name="Пермский край")
    client.force_login(make_member(Role.REGIONAL_COORDINATOR, region=region))
    return client


def test_large_upload_with_broker_down_waits_then_runs_after_the_sweeper(
    coordinator, monkeypatch, django_capture_on_commit_callbacks, request
):
    from roadmaps.services import imports

    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)  # любой файл — «большой», разбор в фоне
    request.getfixturevalue("broker_down")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(coordinator, build_docx(PERM, STANDARD), "perm.docx")
    assert response.status_code == 302  # не 500
    batch = RoadMapImport.objects.get()
    assert batch.status == ImportStatus.PARSING
    assert JobDispatch.objects.get(kind="roadmaps.import_parse", object_id=batch.pk).send_failed

    # Брокер «вернулся» (задачи снова выполняются): следующий проход подметальщика ставит разбор.
    from config.celery import app

    app.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        jobs_sweep()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.READY and len(batch.parsed["items"]) == 37


def test_large_upload_gives_up_after_attempts_with_a_reason(
    coordinator, monkeypatch, django_capture_on_commit_callbacks, request
):
    from roadmaps.services import imports

    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)
    request.getfixturevalue("broker_down")
    with django_capture_on_commit_callbacks(execute=True):
        upload(coordinator, build_docx(PERM, STANDARD), "perm.docx")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            jobs_sweep()
    batch = RoadMapImport.objects.get()
    assert batch.status == ImportStatus.FAILED and "после 5 попыток" in batch.error
    assert settings.CELERY_TASK_ALWAYS_EAGER  # настройки Django не тронуты: сбой — только у брокера
