"""Дорожная карта из текста, в который превратили таблицу Word/HTML: ячейки через табуляцию.

``read_seed(path)`` и ``read_text(text)`` узнают разметку по содержимому (см. ``layouts/``) и
возвращают черновик :class:`MapDraft`. На любой вход — черновик или :class:`ImportFormatError`
с понятным по-русски сообщением; других исключений наружу не выходит.
"""

from __future__ import annotations

from pathlib import Path

from roadmaps.importers.drafts import (
    ImportFormatError,
    ItemDraft,
    MapDraft,
    SectionDraft,
    WorkingGroupMember,
)
from roadmaps.importers.layouts import LAYOUTS

__all__ = [
    "ImportFormatError",
    "ItemDraft",
    "MapDraft",
    "SectionDraft",
    "WorkingGroupMember",
    "decode",
    "read_seed",
    "read_text",
]

MAX_BYTES = 5 * 1024 * 1024  # дорожная карта — десятки килобайт; больше — явно не она
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "Это файл Word/Excel (.docx/.xlsx), а не текст",
    b"%PDF": "Это PDF, а не текст",
    b"\xd0\xcf\x11\xe0": "Это старый файл Word/Excel (.doc/.xls), а не текст",
}
_SAVE_AS_TEXT = "сохраните таблицу как «Обычный текст» (UTF-8) и загрузите снова."


def decode(data: bytes) -> str:
    """Байты → текст: UTF-8 (с BOM и без), иначе Windows-1251 — так сохраняет Word на русской Windows."""
    if not data.strip():
        raise ImportFormatError("Файл пуст.")
    if len(data) > MAX_BYTES:
        raise ImportFormatError(f"Файл слишком большой ({len(data) // 1024} КБ) для дорожной карты.")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFormatError(f"{what}: {_SAVE_AS_TEXT}")
    if b"\x00" in data[:4096]:
        raise ImportFormatError(f"Файл не похож на текст (двоичные данные): {_SAVE_AS_TEXT}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def read_text(text: str, *, source_name: str = "") -> MapDraft:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for layout in LAYOUTS:
        try:
            if not layout.recognises(lines):
                continue
            draft = layout.read(lines)
        except ImportFormatError:
            raise
        except Exception as exc:  # читатель не должен падать; если упал — это ошибка формата для человека
            raise ImportFormatError(
                f"Не удалось прочитать таблицу ({layout.LAYOUT_NAME}): {exc.__class__.__name__}."
            ) from exc
        draft.source_name = source_name
        return draft
    raise ImportFormatError(
        "Не удалось узнать таблицу дорожной карты: ожидаются ячейки, разделённые табуляцией, "
        "с заголовком «№ | Описание действий | Дата реализации | …» или со сроком в первом столбце."
    )


def read_seed(path: str | Path) -> MapDraft:
    """Прочитать файл с дорожной картой. Ошибки чтения файла — тоже :class:`ImportFormatError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"Не удалось открыть файл «{path.name}»: {exc.strerror or exc}.") from exc
    return read_text(decode(data), source_name=path.name)
