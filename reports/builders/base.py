"""Общее у построителей выгрузок: результат сборки и обратный вызов прогресса."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reports.formats import CONTENT_TYPES, file_name

# progress(сделано, всего) — построитель сообщает, сколько строк уже записано.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Выгрузка отдаётся сразу — прогресс никто не смотрит."""


@dataclass(frozen=True)
class Built:
    """Что получилось: название документа (оно же в метаданных и в имени файла) и объём."""

    title: str
    fmt: str
    rows: int
    pages: int | None = None

    @property
    def file_name(self) -> str:
        return file_name(self.title, self.fmt)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]


PROGRESS_EVERY = 1000  # строк между сообщениями о прогрессе
