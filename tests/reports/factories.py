"""Объекты выгрузок для URL-тестов арендности (tests/access)."""

from accounts.models import Role
from reports.models import ExportJob, ExportKind


def reports_foreign_objects(region_data) -> dict:
    """fmt — формат в адресе выгрузки; job_id — выгрузка человека другого региона (выгрузки личные)."""
    job = ExportJob.objects.create(
        kind=ExportKind.NATIONAL,
        params={"year": 2026, "format": "xlsx"},
        requested_by=region_data[Role.REGIONAL_STAFF],
    )
    return {"fmt": "xlsx", "job_id": job.pk}
