"""Большой файл разбирает настоящий воркер Celery (Redis, отдельный процесс, та же база PostgreSQL и то
же хранилище файлов): загрузка ждёт в состоянии «разбирается», потом готов предпросмотр."""

import pytest

from accounts.models import Role
from roadmaps.importers import read_seed
from roadmaps.models import RoadMapImport
from roadmaps.models_import import ImportStatus
from roadmaps.services import imports
from tests.celery_worker import wait_for
from tests.factories import RegionFactory, make_member
from tests.roadmaps.importing.builders import LAYOUTS, build_docx
from tests.roadmaps.importing.test_layouts import SEEDS

pytestmark = pytest.mark.services


@pytest.fixture
def shared_media(settings, transactional_db):
    """Воркер — другой процесс с config.settings.test: он видит папку загрузок из этих настроек,
    поэтому тест пишет туда же (а не во временную папку, как остальные тесты) и убирает за собой."""
    from config.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    yield
    for batch in RoadMapImport.objects.all():
        batch.file.delete(save=False)


def test_large_file_is_parsed_by_a_real_worker(shared_media, celery_worker_process, monkeypatch):
    user = make_member(Role.REGIONAL_COORDINATOR, region=RegionFactory())
    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)
    data = build_docx(read_seed(SEEDS / "vladimir-regional-2021.txt"), LAYOUTS[0])
    batch = imports.roadmap_import_start(actor=user, name="большая.docx", data=data)  # on_commit — сразу
    assert batch.status == ImportStatus.PARSING

    def ready():
        batch.refresh_from_db()
        return batch.status != ImportStatus.PARSING

    assert wait_for(ready, timeout=60), f"файл не разобран; журнал воркера:\n{celery_worker_process.log()}"
    assert batch.status == ImportStatus.READY, batch.error
    assert len(batch.parsed["items"]) == 34 and batch.progress == 100
    assert RoadMapImport.objects.count() == 1
