"""Файлы: тип по содержимому, лимит размера, чистые имена, хранение под сгенерированным именем,
выдача только через представление с проверкой прав (MEDIA_URL не подключён)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import Role
from schoolwork import files
from schoolwork.models import VisitAttachment
from tests.schoolwork.factories import (
    JPEG_BYTES,
    PNG_BYTES,
    docx_bytes,
    make_visit,
    odt_bytes,
    store_attachment,
    upload,
)
from tests.schoolwork.factories import _zip as make_zip


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (upload().read(), files.PDF),
        (docx_bytes(), files.DOCX),
        (odt_bytes(), files.ODT),
        (PNG_BYTES, files.PNG),
        (JPEG_BYTES, files.JPEG),
        (None, files.XLSX),
    ],
)
def test_allowed_types_are_recognised_by_content_whatever_the_name(content, kind):
    content = xlsx_bytes() if content is None else content
    assert files.check_upload(upload("без расширения", content)) is kind
    assert files.check_upload(upload("картинка.png", content)) is kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("вирус.pdf", b"MZ\x90\x00\x03 windows executable"),
        ("отчёт.docx", b"plain text pretending to be a document"),
        ("архив.docx", make_zip({"readme.txt": b"not an office file"})),
        ("таблица.xlsx", b"<html><script>alert(1)</script></html>"),
        ("презентация.odt", make_zip({"mimetype": b"application/vnd.oasis.opendocument.presentation"})),
    ],
)
def test_wrong_type_is_refused_with_russian_reason(name, content):
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload(name, content))
    assert "допустимы только PDF, DOCX, XLSX, ODT, JPEG, PNG" in error.value.messages[0]
    assert "по содержимому" in error.value.messages[0]


def test_broken_zip_is_refused_as_damaged():
    content = docx_bytes()[:60]  # начало zip-архива без оглавления
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload("битый.docx", content))
    assert "повреждён" in error.value.messages[0]


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload("большой.pdf", b"%PDF-1.4\n" + b"0" * 2000))
    assert "больше 0.0009765625 МБ" not in error.value.messages[0]
    assert "больше" in error.value.messages[0] and "большой.pdf" in error.value.messages[0]


def test_upload_limit_defaults_to_25_megabytes():
    from django.conf import settings

    assert settings.UPLOAD_MAX_BYTES == 25 * 1024 * 1024


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Иван\\Отчёт о посещении.pdf", "Отчёт о посещении.pdf"),
        ('  план<>:"|?*работы  .pdf', "план_работы.pdf"),
        ("\x00\x1b.pdf", "файл.pdf"),
        ("отчёт.exe", "отчёт.exe"),
    ],
)
def test_names_are_sanitised(raw, clean):
    assert files.sanitise_name(raw) == clean


def test_extension_follows_real_type_and_long_names_are_cut():
    assert files.sanitise_name("отчёт.docx", files.PDF) == "отчёт.pdf"
    long_name = files.sanitise_name("я" * 400 + ".pdf", files.PDF)
    assert len(long_name) <= 150 and long_name.endswith(".pdf")


def test_stored_under_generated_name_and_downloaded_with_cyrillic_name(world, client_for):
    a = world["a"]
    visit = make_visit(a["s1"], a[Role.CURATOR])
    attachment = store_attachment(visit, a[Role.CURATOR], name="../Протокол № 1.pdf")
    assert attachment.original_name == "Протокол № 1.pdf"
    assert "Протокол" not in attachment.file.name and attachment.file.name.startswith("schoolwork/visits/")
    assert default_storage.exists(attachment.file.name)

    response = client_for(a[Role.SCHOOL_TEAM]).get(
        reverse("schoolwork:visit_attachment", args=[attachment.pk])
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "%D0%9F%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB" in disposition  # «Протокол» по RFC 5987
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_media_url_is_not_served(world, client_for):
    a = world["a"]
    attachment = store_attachment(make_visit(a["s1"], a[Role.CURATOR]), a[Role.CURATOR])
    client = client_for(world[Role.FEDERAL_STAFF])
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/{attachment.file.name}").status_code == 404


def test_download_is_refused_to_people_who_do_not_see_the_school(world, client_for):
    a = world["a"]
    attachment = store_attachment(make_visit(a["s1"], a[Role.CURATOR]), a[Role.CURATOR])
    url = reverse("schoolwork:visit_attachment", args=[attachment.pk])
    assert client_for(world["b"][Role.REGIONAL_COORDINATOR]).get(url).status_code == 404
    assert client_for(a[Role.MUNICIPAL_COORDINATOR]).get(url).status_code == 200


def test_storage_backend_is_configuration_only(world, client_for, settings):
    """Другое хранилище (в проде — S3) включается настройкой STORAGES: код берёт default_storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.storage import default_storage as storage

    a = world["a"]
    attachment = store_attachment(make_visit(a["s1"], a[Role.CURATOR]), a[Role.CURATOR])
    assert type(storage._wrapped).__name__ == "InMemoryStorage"
    assert storage.exists(attachment.file.name)
    response = client_for(a[Role.CURATOR]).get(reverse("schoolwork:visit_attachment", args=[attachment.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert VisitAttachment.objects.count() == 1


def test_spreadsheet_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_SPREADSHEET_UNPACKED", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000)  # сжимается в сотни раз
    with pytest.raises(ValidationError) as error:
        files.check_spreadsheet(upload("бомба.xlsx", buffer.getvalue()))
    assert "при распаковке" in error.value.messages[0]
