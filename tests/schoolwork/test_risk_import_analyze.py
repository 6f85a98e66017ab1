"""Большая загрузка рисковых профилей обновляет статистику планировщика (ANALYZE) и тогда, когда она
только переписывает уровни существующих профилей: значения столбца меняются, в истории — столько же
новых строк, сколько обновлено."""

import pytest
from django.urls import reverse

from accounts.models import Role
from config import dbtools
from schools.models import RiskProfileLevel
from schoolwork.models import RiskImportBatch
from tests.schoolwork.factories import make_profile
from tests.schoolwork.test_risk_import import as_upload, fill, preview, template

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def coordinator(a, client_for):
    return client_for(a[Role.REGIONAL_COORDINATOR])


def test_update_only_large_import_analyzes_the_levels(
    a,
    coordinator,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    make_profile(a["s1"])
    monkeypatch.setattr(dbtools, "LARGE_WRITE_ROWS", 5)  # «большая» — 10 уровней одной школы
    analyzed = []
    monkeypatch.setattr(dbtools, "analyze", lambda models=None: analyzed.extend(models or []))
    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["низкий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook, "уточнение.xlsx"))
    batch = RiskImportBatch.objects.get()
    assert batch.rows[0]["action"] == "update"
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]))
    assert RiskProfileLevel in analyzed
