"""Файл пропал из хранилища: скачивание отвечает 404 (а не 500) и пишет строку ERROR в журнал."""

import logging

from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import Role
from tests.schoolwork.factories import make_visit, store_attachment


def test_missing_visit_attachment_gives_404_and_error_log(world, client_for, caplog):
    a = world["a"]
    attachment = store_attachment(make_visit(a["s1"], a[Role.CURATOR]), a[Role.CURATOR])
    default_storage.delete(attachment.file.name)
    with caplog.at_level(logging.ERROR, logger="schoolwork.files"):
        url = reverse("schoolwork:visit_attachment", args=[attachment.pk])
        response = client_for(a[Role.CURATOR]).get(url)
    assert response.status_code == 404
    errors = [r for r in caplog.records if r.name == "schoolwork.files" and r.levelno == logging.ERROR]
    assert len(errors) == 1 and attachment.file.name in errors[0].getMessage()


def test_missing_evidence_file_gives_404(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roadmaps import services
    from tests.factories import make_roadmap

    item = make_roadmap("regional", region=a_region(world), items=1).items.get()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = services.evidence_add(actor=None, item=item, file=SimpleUploadedFile("п.pdf", pdf))
    default_storage.delete(evidence.file.name)
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    response = client.get(reverse("roadmaps:evidence_download", kwargs={"evidence_id": evidence.pk}))
    assert response.status_code == 404


def a_region(world):
    return world["a"]["region"]
