"""Нейтральная сетка: во что любой читатель (Word, Excel, LibreOffice, текст) превращает файл.

Дальше конвейер (``pipeline.parse_grid``) работает только с сеткой и не знает, из какого формата
она пришла. Чистый Python, без Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from config.plural import ROWS_GEN, ru_count

# Пределы разбора: дорожная карта — десятки строк; то, что больше, — не она или бомба.
MAX_ROWS = 5_000
TOO_MANY_ROWS = ru_count(MAX_ROWS, *ROWS_GEN)  # «больше 5000 строк» — для сообщений читателей
MAX_COLUMNS = 60
MAX_CELL_CHARS = 20_000


@dataclass
class Row:
    """Строка таблицы. ``cells`` выровнены по столбцам сетки; ячейка, поглощённая объединением
    по горизонтали, — пустая строка; абзацы внутри ячейки — через «\\n».

    ``source_row`` — номер строки в исходном файле (строка листа Excel, строка таблицы Word,
    строка текстового файла) — его видит человек в предупреждениях."""

    cells: list[str]
    source_row: int
    merged_across: bool = False  # одна ячейка на всю ширину таблицы (строка раздела)

    def filled(self) -> list[str]:
        return [cell for cell in self.cells if cell.strip()]


@dataclass
class Table:
    rows: list[Row]
    name: str = ""  # «Лист1», «таблица 2» — для сообщений
    before: list[str] = field(default_factory=list)  # абзацы документа между предыдущей таблицей и этой
    sheet: int = 0  # номер листа книги (с 0), откуда таблица

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)


@dataclass
class Grid:
    tables: list[Table]
    source_name: str = ""
    format_label: str = ""  # «Word (.docx)» — для сообщений
    sheet_names: list[str] = field(default_factory=list)  # листы книги: человек выбирает один
    sheet_index: int = 0
    after: list[str] = field(default_factory=list)  # абзацы после последней таблицы (сноски, подписи)
    # Что читатель узнал сам (старые текстовые разметки знают утверждающий документ и заголовок).
    meta: dict = field(default_factory=dict)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (строка, сообщение) от читателя


def clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS]
