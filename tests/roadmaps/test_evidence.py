"""Подтверждения исполнения: несколько файлов и ссылок на мероприятие, проверка типа по содержимому,
скачивание только через проверку прав, понятная ошибка и сохранённые поля при плохом файле."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from roadmaps.models import Evidence
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def item(world):
    return make_roadmap("regional", region=world["a"]["region"], items=1).items.get()


def evidence_url(item):
    return reverse("roadmaps:item_evidence", kwargs={"item_id": item.pk})


def test_coordinator_attaches_pdf_and_link_and_downloads_the_file(world, client_for, item):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    client.post(
        evidence_url(item),
        {"title": "Протокол совещания", "file": SimpleUploadedFile("протокол №1.pdf", PDF_BYTES)},
    )
    client.post(evidence_url(item), {"title": "Новость на сайте", "url": "https://iro.example.ru/news/500"})
    stored = Evidence.objects.filter(item=item).order_by("pk")
    assert [e.title for e in stored] == ["Протокол совещания", "Новость на сайте"]
    pdf = stored[0]
    assert pdf.original_name == "протокол №1.pdf" and pdf.content_type == "application/pdf"
    assert "протокол" not in pdf.file.name  # в хранилище — сгенерированное имя
    response = client.get(reverse("roadmaps:evidence_download", kwargs={"evidence_id": pdf.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_renamed_executable_is_refused_with_reason_and_title_kept(world, client_for, item):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    response = client.post(
        evidence_url(item),
        {"title": "Отчёт за полугодие", "file": SimpleUploadedFile("отчёт.pdf", b"MZ\x90\x00binary")},
    )
    html = response.content.decode()
    assert "не принят" in html and "по содержимому" in html
    assert 'value="Отчёт за полугодие"' in html
    assert not Evidence.objects.exists()


def test_readers_can_download_but_not_add(world, client_for, item):
    Evidence.objects.create(item=item, url="https://example.ru/a", title="Ссылка")
    client = client_for(world["a"][Role.REGIONAL_STAFF])
    assert client.get(evidence_url(item)).status_code == 200
    assert client.post(evidence_url(item), {"url": "https://example.ru/b"}).status_code == 403
    assert Evidence.objects.count() == 1


def test_other_region_cannot_download(world, client_for, item, settings):
    client = client_for(world["a"][Role.REGIONAL_COORDINATOR])
    client.post(evidence_url(item), {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    evidence = Evidence.objects.get()
    stranger = client_for(world["b"][Role.REGIONAL_COORDINATOR])
    assert (
        stranger.get(reverse("roadmaps:evidence_download", kwargs={"evidence_id": evidence.pk})).status_code
        == 404
    )


def test_empty_evidence_form_explains_what_is_needed(world, client_for, item):
    response = client_for(world["a"][Role.REGIONAL_COORDINATOR]).post(evidence_url(item), {"title": "Пусто"})
    assert "Приложите файл или укажите ссылку." in response.content.decode()
