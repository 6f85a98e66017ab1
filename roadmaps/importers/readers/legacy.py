"""Старые .doc/.xls: преобразуются LibreOffice (``soffice --headless --convert-to``) с ограничением
времени — в фоновой задаче. Нет LibreOffice — понятное сообщение: сохранить файл как .docx/.xlsx."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from roadmaps.importers.drafts import ImportFormatError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERSION_SECONDS = int(os.environ.get("IMPORT_CONVERSION_SECONDS", "60"))


def needs_conversion(data: bytes) -> bool:
    return data.startswith(OLE_SIGNATURE)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _is_spreadsheet(data: bytes, name: str) -> bool:
    if name.lower().endswith((".xls", ".xlt")):
        return True
    if name.lower().endswith((".doc", ".dot")):
        return False
    return b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[:200_000]


def convert_legacy(data: bytes, name: str) -> tuple[bytes, str, str]:
    spreadsheet = _is_spreadsheet(data, name)
    target = "xlsx" if spreadsheet else "docx"
    binary = soffice()
    if binary is None:
        raise ImportFormatError(
            f"Файл «{name}» — в старом формате {'Excel (.xls)' if spreadsheet else 'Word (.doc)'}, "
            "а LibreOffice "
            f"для его преобразования на сервере не установлен. Откройте файл и сохраните его как .{target}, "
            "затем загрузите снова."
        )
    with tempfile.TemporaryDirectory(prefix="roadmap-import-") as folder:
        source = Path(folder) / ("source.xls" if spreadsheet else "source.doc")
        source.write_bytes(data)
        try:
            subprocess.run(
                [
                    binary,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to",
                    target,
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                timeout=CONVERSION_SECONDS,
                capture_output=True,
            )
        except subprocess.TimeoutExpired as exc:
            raise ImportFormatError(
                f"Файл «{name}» не удалось преобразовать за {CONVERSION_SECONDS} с. "
                f"Сохраните его как .{target}."
            ) from exc
        except (subprocess.CalledProcessError, OSError) as exc:
            raise ImportFormatError(
                f"Файл «{name}» не удалось преобразовать. Сохраните его как .{target}."
            ) from exc
        converted = source.with_suffix(f".{target}")
        if not converted.exists():
            raise ImportFormatError(f"Файл «{name}» не удалось преобразовать. Сохраните его как .{target}.")
        return converted.read_bytes(), f"{Path(name).stem}.{target}", target
