"""Открыть выгруженный файл и посмотреть, что внутри: текст и страницы PDF, книгу Excel.

``render_first_page_png`` кладёт первую страницу PDF картинкой в test-artifacts/ — чтобы человек,
проверяющий изменения, мог посмотреть, как выглядит документ."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
A4_LANDSCAPE = (841.89, 595.28)  # пункты


def pdf_reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-"), data[:40]
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """Текст всех страниц; переносы строк внутри ячеек склеиваются пробелом."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf_reader(data).pages)


def page_texts(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pdf_reader(data).pages]


def workbook(data: bytes):
    assert data[:2] == b"PK", data[:40]
    return load_workbook(io.BytesIO(data))


def rows(sheet, start: int = 1) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(min_row=start, values_only=True)]


def render_first_page_png(pdf_bytes: bytes, path: str | Path) -> Path:
    """Первая страница PDF → PNG (pdftoppm из poppler-utils, его ставит scripts/bootstrap.sh).
    Относительный путь считается от test-artifacts/reports/."""
    target = Path(path)
    if not target.is_absolute():
        target = ARTIFACTS / target
    target.parent.mkdir(parents=True, exist_ok=True)
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", str(stem)],
        input=pdf_bytes,
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = stem.with_suffix(".png")
    assert png.stat().st_size > 1000
    return png


def embedded_fonts(pdf_bytes: bytes, tmp_path: Path) -> list[tuple[str, bool]]:
    """(имя шрифта, встроен ли) по pdffonts."""
    source = tmp_path / "fonts-check.pdf"
    source.write_bytes(pdf_bytes)
    output = subprocess.run(
        ["pdffonts", str(source)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    fonts = []
    for line in output.splitlines()[2:]:
        parts = line.split()
        # «имя тип [тип] кодировка emb sub uni object ID»: emb — пятая колонка с конца
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def table(sheet) -> tuple[tuple, list[tuple]]:
    """Шапка и строки таблицы листа: шапка — строка над закреплённой областью."""
    header = int(sheet.freeze_panes[1:]) - 1
    data = rows(sheet, header)
    return data[0], data[1:]
