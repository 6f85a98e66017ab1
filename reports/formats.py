"""Как числа, даты и имена файлов выглядят в выгрузках: по-русски и одинаково в PDF и Excel."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

PDF = "pdf"
XLSX = "xlsx"
DOCX = "docx"
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_LABELS = {PDF: "PDF", XLSX: "Excel", DOCX: "Word"}


def ru_date(value: datetime.date | None) -> str:
    """22.03.2021; пусто — пустая строка (в таблице это «не задано», а не «ошибка»)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d.%m.%Y")


def ru_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y %H:%M")


def local_naive(value: datetime.datetime | None) -> datetime.datetime | None:
    """Excel не знает часовых поясов: в ячейку идёт местное время сервера."""
    if value is None:
        return None
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def pct(value: float | None) -> str:
    """Доля в процентах для PDF: «45,5 %»; нет знаменателя — «—»."""
    if value is None:
        return "—"
    return f"{value:g}\xa0%".replace(".", ",")


def fraction(value: float | None) -> float | None:
    """Доля для Excel: ячейка с форматом «0.0%» хранит 0,455, а не 45,5."""
    return None if value is None else round(value / 100, 4)


_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(title: str, fmt: str) -> str:
    """Имя файла для скачивания из названия документа: без символов, запрещённых в Windows."""
    base = _UNSAFE_IN_FILE_NAME.sub(" ", title)
    base = re.sub(r"\s+", " ", base).strip(" .") or "выгрузка"
    return f"{base[:150].rstrip()}.{fmt}"
