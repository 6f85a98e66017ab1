"""Большая загрузка рисковых профилей, пока брокер недоступен: пакет «записывается» и ждёт; после всех
попыток подметальщика он возвращается человеку «ждёт подтверждения» с причиной — можно подтвердить снова."""

import pytest
from django.urls import reverse

from accounts.models import Role
from jobs.models import JobDispatch
from jobs.services import jobs_sweep
from schools.models import RiskProfile
from schoolwork.models import ImportStatus, RiskImportBatch
from tests.jobs.conftest import broker_down  # noqa: F401 — фикстура
from tests.schoolwork.test_risk_import import as_upload, fill, preview, template

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def coordinator(a, client_for):
    return client_for(a[Role.REGIONAL_COORDINATOR])


def test_import_waiting_for_a_dead_broker_comes_back_to_the_person_with_a_reason(
    a, coordinator, monkeypatch, django_capture_on_commit_callbacks, request
):
    from schoolwork.services import risk_import

    monkeypatch.setattr(risk_import, "SYNC_APPLY_LIMIT", 0)
    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["высокий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    apply_url = reverse("schoolwork:risk_import_apply", args=[batch.pk])

    request.getfixturevalue("broker_down")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(apply_url)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLYING
    assert JobDispatch.objects.get(kind="schoolwork.risk_import", object_id=batch.pk).send_failed

    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            jobs_sweep()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PENDING and "после 5 попыток" in batch.apply_error
    html = coordinator.get(reverse("schoolwork:risk_import_preview", args=[batch.pk])).content.decode()
    assert "Не записано:" in html and "после 5 попыток" in html
    assert a[Role.REGIONAL_COORDINATOR].pk == batch.created_by_id
    assert not RiskProfile.objects.exists()
