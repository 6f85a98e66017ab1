"""Читатели форматов: файл (байты и имя) → :class:`~roadmaps.importers.grid.Grid`.

Формат узнаётся по содержимому (первые байты и оглавление zip-архива), расширение — только подсказка
для старых .doc/.xls. На любой вход — сетка или ``ImportFormatError`` с понятным сообщением.
"""

from __future__ import annotations

from config.echo import echo_file_name
from roadmaps.importers.drafts import ImportFormatError
from roadmaps.importers.grid import Grid
from roadmaps.importers.readers.legacy import OLE_SIGNATURE, convert_legacy, needs_conversion
from roadmaps.importers.readers.safety import MACROS, open_archive

__all__ = ["needs_conversion", "read_file", "refuse_early", "sniff"]

DOCX, XLSX, ODT, ODS, TEXT, LEGACY = "docx", "xlsx", "odt", "ods", "text", "legacy"
_MACRO_EXTENSIONS = (".docm", ".xlsm", ".dotm", ".xltm", ".xlsb")


def sniff(data: bytes, name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(_MACRO_EXTENSIONS):
        raise ImportFormatError(MACROS.format(name=name))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        archive = open_archive(data, name)
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        if "mimetype" in names:
            mimetype = archive.read("mimetype").strip()
            if mimetype == b"application/vnd.oasis.opendocument.text":
                return ODT
            if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
                return ODS
        raise ImportFormatError(
            f"Файл «{name}» — архив, но не документ Word, Excel или LibreOffice. "
            "Загрузите .docx, .xlsx, .odt, .ods, .txt или .csv."
        )
    if data.startswith(OLE_SIGNATURE):
        return LEGACY
    if data.startswith(b"%PDF"):
        raise ImportFormatError(
            f"Файл «{name}» — PDF: таблицу из него надёжно не достать. "
            "Откройте исходный документ и сохраните "
            "его как .docx или .xlsx."
        )
    if data.startswith(b"{\\rtf"):
        raise ImportFormatError(f"Файл «{name}» — RTF: сохраните его в Word как .docx и загрузите снова.")
    return TEXT


def refuse_early(data: bytes, name: str) -> None:
    """Дешёвые проверки до сохранения файла, который будет разобран в фоне: макросы, PDF, RTF, пустой."""
    name = echo_file_name(name)
    if not data or not data.strip():
        raise ImportFormatError(f"Файл «{name}» пуст.")
    if name.lower().endswith(_MACRO_EXTENSIONS):
        raise ImportFormatError(MACROS.format(name=name))
    if not data.startswith(OLE_SIGNATURE):
        sniff(data, name)


def read_file(data: bytes, name: str, *, sheet: int | None = None, allow_conversion: bool = True) -> Grid:
    name = echo_file_name(name)  # имя повторяется в сообщениях — не длиннее 100 знаков
    if not data or not data.strip():
        raise ImportFormatError(f"Файл «{name}» пуст.")
    kind = sniff(data, name)
    if kind == LEGACY:
        if not allow_conversion:
            raise ImportFormatError(f"Файл «{name}» в старом формате: его нужно сначала преобразовать.")
        data, name, kind = convert_legacy(data, name)
    if kind == DOCX:
        from roadmaps.importers.readers.docx_reader import read_docx

        return read_docx(data, name)
    if kind == XLSX:
        from roadmaps.importers.readers.xlsx_reader import read_xlsx

        return read_xlsx(data, name, sheet=sheet)
    if kind in (ODT, ODS):
        from roadmaps.importers.readers.odf_reader import read_odf

        return read_odf(data, name, spreadsheet=kind == ODS, sheet=sheet)
    from roadmaps.importers.readers.text_reader import read_text_file

    return read_text_file(data, name)
