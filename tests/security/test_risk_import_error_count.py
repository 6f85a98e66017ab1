"""Предпросмотр загрузки рисковых профилей хранит не больше 500 ошибок, но число строк с ошибками
называет настоящее — по всему файлу, а не по сохранённой части."""

import re

from django.urls import reverse

from accounts.models import Role
from schoolwork.models import RiskImportBatch
from schoolwork.services.risk_import import MAX_STORED_ERRORS, _capped


def test_error_row_count_is_for_the_whole_file_when_errors_are_capped(world, client_for):
    a = world["a"]
    coordinator = a[Role.REGIONAL_COORDINATOR]
    errors = [{"row": row, "message": f"ошибка {n}"} for row in range(2, 3002) for n in range(3)]
    batch = RiskImportBatch.objects.create(
        region=a["region"], year=2026, created_by=coordinator, original_name="x.xlsx", rows=[],
        errors=_capped(errors), row_count=3000,
    )  # fmt: skip
    assert len(batch.errors) == MAX_STORED_ERRORS + 1
    url = reverse("schoolwork:risk_import_preview", args=[batch.pk])
    html = client_for(coordinator).get(url).content.decode()
    assert re.search(r"<b>(\d+)</b><span>строк с ошибками", html).group(1) == "3000"
