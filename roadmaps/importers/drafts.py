"""Черновик дорожной карты, прочитанный из документа: чистый Python, без Django и без базы.

Читатели форматов (``roadmaps.importers.layouts``) собирают :class:`MapDraft`, загрузчик
(``roadmaps.importers.load``) пишет его в базу через сервисы. Между ними черновик можно показать
человеку, проверить в тестах или поправить — он ничего не знает о моделях.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Значения совпадают с roadmaps.models.Level, но сюда модели не импортируются: черновик — чистый Python.
REGIONAL, MUNICIPAL, SCHOOL = "regional", "municipal", "school"


class ImportFormatError(ValueError):
    """Файл не удаётся прочитать как дорожную карту. Сообщение — по-русски, для человека."""


@dataclass
class ItemDraft:
    source_number: str  # номер как в документе («1.3»; «» — у мероприятия номера нет)
    description: str  # абзацы и пункты списков — через перевод строки
    period_text: str = ""  # срок как написан, в одну строку: переносы и абзацы ячейки — пробелом
    indicator: str = ""
    responsible_text: str = ""  # ячейка «Ответственные» как написана
    links: str = ""  # «Информационное сопровождение»: ссылки и где опубликовано
    source_row: int = field(default=0, compare=False)  # строка исходного файла — для предупреждений


@dataclass
class SectionDraft:
    """Раздел карты. Мероприятия вне разделов собираются в раздел с пустым названием."""

    title: str
    period_text: str = ""
    source_number: str = ""
    note: str = ""
    items: list[ItemDraft] = field(default_factory=list)
    source_row: int = field(default=0, compare=False)


@dataclass
class RowWarning:
    row: int  # строка исходного файла; 0 — файл в целом
    message: str


@dataclass
class WorkingGroupMember:
    """Строка таблицы «Состав рабочей группы» в конце муниципальной карты — не мероприятие."""

    number: str
    name: str
    workplace: str
    position: str


@dataclass
class MapDraft:
    level: str | None  # REGIONAL / MUNICIPAL / SCHOOL; None — документ не говорит
    year: int | None
    title: str
    approval_document: str = ""  # «распоряжение № 269 от 22.03.2021»
    approval_number: str = ""
    approval_date: date | None = None
    municipal_deadline: date | None = None  # до какого числа муниципалитеты сдают свои карты
    sections: list[SectionDraft] = field(default_factory=list)
    owner_name: str = ""  # как документ называет владельца: «Пермский край»
    layout: str = ""  # какой разметкой прочитан файл — для сообщений
    source_name: str = ""
    working_group_title: str = ""  # «Состав рабочей группы по координации и контролю…»
    working_group: list[WorkingGroupMember] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # что читатель пропустил или понял не наверняка
    # Конвейер (pipeline.parse_grid) дописывает: текст перед таблицей, почему такой уровень, столбцы,
    # предупреждения по строкам файла и то, что предпросмотр показывает сверху.
    preamble: str = ""
    level_reason: str = ""
    columns: list = field(default_factory=list)  # columns.ColumnGuess
    row_warnings: list[RowWarning] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    numbering_problems: list[str] = field(default_factory=list)
    format_label: str = ""
    table_name: str = ""
    sheet_names: list[str] = field(default_factory=list)
    sheet_index: int = 0
    row_count: int = 0  # строк тела таблицы (без заголовка)
    warned_row_count: int | None = None  # строк с предупреждениями, если хранятся не все (serialize)

    @property
    def items(self) -> list[ItemDraft]:
        return [item for section in self.sections for item in section.items]

    @property
    def real_sections(self) -> list[SectionDraft]:
        """Разделы документа — без служебного раздела для мероприятий вне разделов."""
        return [section for section in self.sections if section.title]

    def current_section(self) -> SectionDraft:
        """Раздел, в который идёт следующее мероприятие; до первого раздела — раздел без названия."""
        if not self.sections:
            self.sections.append(SectionDraft(title=""))
        return self.sections[-1]
