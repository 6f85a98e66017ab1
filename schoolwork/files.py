"""Загруженные файлы: проверка по содержимому, чистые имена, хранение под сгенерированными именами
и выдача только через представление, которое уже проверило права.

Тип определяется по первым байтам и (для DOCX/XLSX/ODT) по оглавлению zip-архива, а не по расширению:
переименованный .exe останется .exe, сколько его ни называй «отчёт.pdf».
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
XLSX = FileKind("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
ODT = FileKind("odt", "odt", "application/vnd.oasis.opendocument.text", "ODT")
JPEG = FileKind("jpeg", "jpg", "image/jpeg", "JPEG")
PNG = FileKind("png", "png", "image/png", "PNG")
DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT, JPEG, PNG)
KINDS_BY_CODE = {kind.code: kind for kind in DOCUMENT_KINDS}

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_ZIP_ENTRIES = 10_000  # в настоящем документе их десятки; тысячи — признак подделки
NOT_ALLOWED = (
    "Файл «{name}» не принят: допустимы только {allowed}. Тип проверяется по содержимому, а не по расширению."
)
BROKEN = "Файл «{name}» повреждён: его не удаётся прочитать как {kind}."


def allowed_labels(kinds=DOCUMENT_KINDS) -> str:
    return ", ".join(kind.label for kind in kinds)


def max_size_label() -> str:
    return f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):g} МБ"


def _read_head(fileobj, size: int = 16) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def _zip_kind(fileobj) -> FileKind | None:
    """DOCX, XLSX и ODT — zip-архивы; различаются содержимым. Битый архив — ValueError."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise ValueError("слишком много файлов в архиве")
            names = {info.filename for info in infos}
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > 200:
                    return None
                return ODT if archive.read("mimetype").strip() == ODT_MIMETYPE else None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
            return None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        KeyError,
        OSError,
        NotImplementedError,
    ) as exc:
        raise ValueError(str(exc)) from exc
    finally:
        fileobj.seek(0)


def sniff(fileobj) -> FileKind | None:
    """Тип файла по содержимому; None — не из разрешённых. Битый zip — ValueError."""
    head = _read_head(fileobj)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fileobj)
    return None


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def sanitise_name(name: str, kind: FileKind | None = None, max_length: int = 150) -> str:
    """Имя для показа и для скачивания: без пути, управляющих и запрещённых в Windows символов, с
    расширением, которое соответствует настоящему типу. На диске файл лежит под другим, случайным именем."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = re.sub(r"\s+", " ", _UNSAFE.sub("_", name))
    stem, ext = os.path.splitext(name.strip())
    stem = stem.strip(" ._") or "файл"
    ext = (
        f".{kind.extension}"
        if kind is not None
        else (ext.lower() if re.fullmatch(r"\.\w{1,10}", ext) else "")
    )
    if kind is JPEG and name.lower().endswith(".jpeg"):
        ext = ".jpeg"
    return stem[: max_length - len(ext)].rstrip(" ._") + ext


def check_upload(uploaded, *, kinds=DOCUMENT_KINDS) -> FileKind:
    """Проверяет размер и тип загруженного файла. Ошибка — ValidationError с русской причиной."""
    name = sanitise_name(getattr(uploaded, "name", ""), max_length=100)  # только для сообщений
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            f"Файл «{name}» больше {max_size_label()} — загрузите файл меньшего размера.", code="too_large"
        )
    if uploaded.size == 0:
        raise ValidationError(f"Файл «{name}» пустой.", code="empty")
    try:
        kind = sniff(uploaded)
    except ValueError as exc:
        raise ValidationError(
            BROKEN.format(name=name, kind="zip-архив (DOCX, XLSX, ODT)"), code="broken"
        ) from exc
    if kind is None or kind not in kinds:
        raise ValidationError(NOT_ALLOWED.format(name=name, allowed=allowed_labels(kinds)), code="type")
    return kind


def storage_name(prefix: str, kind: FileKind) -> str:
    """Сгенерированное имя в хранилище: ничего из того, что прислал пользователь, в путь не попадает."""
    return f"{prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{kind.extension}"


def store(uploaded, *, prefix: str, kind: FileKind) -> str:
    uploaded.seek(0)
    return default_storage.save(storage_name(prefix, kind), uploaded)


def delete_quietly(names) -> None:
    """Файлы, которые записали в хранилище, но запись в базе не состоялась (или удалена)."""
    for name in names:
        with contextlib.suppress(Exception):  # уборка не должна маскировать настоящую ошибку
            default_storage.delete(name)


def open_stored_or_404(stored_name: str):
    """Открывает файл хранилища. Нет файла (потерян, удалён вручную) — 404 для человека и строка ERROR
    в журнале для администратора, а не 500."""
    try:
        return default_storage.open(stored_name, "rb")
    except (FileNotFoundError, OSError) as error:
        logger.error(
            "Файл %s есть в базе, но не найден в хранилище (%s)", stored_name, error.__class__.__name__
        )
        raise Http404("Файл не найден в хранилище.") from error


def download_response(stored_name: str, display_name: str, content_type: str) -> FileResponse:
    """Отдаёт файл из хранилища вложением. Django пишет имя в Content-Disposition по RFC 5987
    (filename*=utf-8''…), так что кириллица в имени доходит до браузера целой."""
    response = FileResponse(
        open_stored_or_404(stored_name),
        as_attachment=True,
        filename=display_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Распакованный размер книги Excel: 6 000 школ × 10 факторов — это единицы мегабайт XML, а «zip-бомба»
# в сотни раз больше архива. Объявленные в оглавлении размеры zipfile соблюдает при распаковке.
MAX_SPREADSHEET_UNPACKED = 100 * 1024 * 1024


def check_spreadsheet(uploaded) -> FileKind:
    """Книга Excel для загрузки: XLSX по содержимому, в пределах размера и без раздувания при распаковке."""
    kind = check_upload(uploaded, kinds=(XLSX,))
    name = sanitise_name(uploaded.name, max_length=100)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ValidationError(BROKEN.format(name=name, kind="книгу Excel"), code="broken") from exc
    finally:
        uploaded.seek(0)
    if unpacked > MAX_SPREADSHEET_UNPACKED:
        raise ValidationError(
            f"Файл «{name}» при распаковке занимает больше "
            f"{MAX_SPREADSHEET_UNPACKED // (1024 * 1024)} МБ — это не похоже на шаблон "
            "рисковых профилей.",
            code="too_large",
        )
    return kind
