"""Пределы для файлов-архивов (.docx, .xlsx, .odt, .ods): зип-бомбы, глубоко вложенный XML, DTD и
макросы проверяются до того, как файл попадёт к библиотеке разбора."""

from __future__ import annotations

import io
import xml.parsers.expat
import zipfile

from config.echo import echo
from config.plural import ru_count
from roadmaps.importers.drafts import ImportFormatError

MAX_ENTRIES = 2_000  # в настоящем документе их десятки
MAX_UNCOMPRESSED = 150 * 1024 * 1024  # всё содержимое архива после распаковки
MAX_RATIO = 150  # во сколько раз XML сжимается в настоящих документах — единицы, редко десятки
MAX_XML_DEPTH = 120  # таблица в таблице в таблице — это около 30 уровней
BROKEN = "Файл «{name}» повреждён или это не документ Word/Excel/LibreOffice: его не удаётся открыть."
MACROS = (
    "Файл «{name}» содержит макросы (.docm/.xlsm) — такие файлы не принимаются. "
    "Сохраните его как обычный документ (.docx, .xlsx) и загрузите снова."
)
BOMB = (
    "Файл «{name}» не принят: после распаковки он слишком велик ({reason}). Это не похоже на дорожную карту."
)

_MACRO_MARKERS = ("vbaproject.bin", "vbadata.xml", "macroenabled", "basic/", "scripts/")


def open_archive(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFormatError(BROKEN.format(name=name)) from exc
    if len(infos) > MAX_ENTRIES:
        parts = ru_count(len(infos), "часть", "части", "частей")
        raise ImportFormatError(BOMB.format(name=name, reason=parts))
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise ImportFormatError(BOMB.format(name=name, reason=f"{total // (1024 * 1024)} МБ"))
    for info in infos:
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 1_000_000
        ):
            raise ImportFormatError(
                BOMB.format(name=name, reason=f"часть «{echo(info.filename, 60)}» сжата подозрительно сильно")
            )
    lowered = " ".join(info.filename.lower() for info in infos)
    content_types = _read(archive, "[Content_Types].xml").lower() if "[content_types].xml" in lowered else ""
    if any(marker in lowered for marker in _MACRO_MARKERS[:2]) or "macroenabled" in content_types:
        raise ImportFormatError(MACROS.format(name=name))
    if any(info.filename.lower().startswith(("basic/", "scripts/")) for info in infos):
        raise ImportFormatError(MACROS.format(name=name))
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            check_xml(archive, info, name)
    return archive


def _read(archive: zipfile.ZipFile, member: str) -> str:
    for info in archive.infolist():
        if info.filename.lower() == member.lower():
            return archive.read(info).decode("utf-8", errors="replace")
    return ""


def check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Потоковый проход expat: глубина вложенности ограничена, DTD (и с ним «миллиард смехов») запрещены."""
    parser = xml.parsers.expat.ParserCreate()
    depth = 0

    def start(_tag, _attrs):
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            part = echo(info.filename, 60)
            raise ImportFormatError(f"Файл «{name}» не принят: XML вложен слишком глубоко ({part}).")

    def end(_tag):
        nonlocal depth
        depth -= 1

    def doctype(*_args):
        raise ImportFormatError(f"Файл «{name}» не принят: в нём объявлен DTD ({echo(info.filename, 60)}).")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        part = echo(info.filename, 60)
        raise ImportFormatError(f"Файл «{name}» повреждён: часть «{part}» — не XML.") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFormatError(BROKEN.format(name=name)) from exc
