"""Шаблон рисковых профилей региона в Excel и чтение заполненного шаблона (openpyxl).

Строка — школа региона, столбец — фактор каталога года. Здесь только таблица: какая школа за строкой
и допустим ли уровень, решает сервис загрузки (ему нужна база)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from config.excel_cells import append_text_row
from config.plural import ROWS_GEN, ru_count
from schools.models import RiskFactor, RiskLevel

HEADERS = ("Код школы", "ИНН", "Муниципалитет", "Школа")
SHEET_TITLE = "РПШ"
LEVEL_LABELS = {RiskLevel.HIGH: "высокий", RiskLevel.MEDIUM: "средний", RiskLevel.LOW: "низкий"}
# Кроме слов из выпадающего списка принимаем то, как уровни пишут в сводках руками.
LEVEL_WORDS = {
    "высокий": RiskLevel.HIGH,
    "в": RiskLevel.HIGH,
    "high": RiskLevel.HIGH,
    "средний": RiskLevel.MEDIUM,
    "с": RiskLevel.MEDIUM,
    "medium": RiskLevel.MEDIUM,
    "низкий": RiskLevel.LOW,
    "н": RiskLevel.LOW,
    "low": RiskLevel.LOW,
}
MAX_ROWS = 20_000  # в самом большом регионе — сотни школ программы; больше — не шаблон
TOO_MANY_ROWS = ru_count(MAX_ROWS, *ROWS_GEN)
MAX_COLUMNS = 200


class SheetError(ValueError):
    """Файл целиком не подходит (не тот шаблон, слишком большой) — строки не разбираются."""


@dataclass
class RawRow:
    number: int  # номер строки в Excel — его человек и ищет в файле
    code: str
    inn: str
    municipality: str
    name: str
    cells: dict[int, str] = field(default_factory=dict)  # id фактора → текст ячейки


def factor_header(factor: RiskFactor) -> str:
    return f"{factor.number}. {factor.title}"


def parse_level(text: str) -> str | None:
    return LEVEL_WORDS.get(text.strip().casefold().replace("ё", "е").rstrip("."))


def build_template(*, region_name: str, year: int, factors: list[RiskFactor], schools, levels) -> bytes:
    """schools — [(код, ИНН, муниципалитет, название)]; levels — {(код школы, id фактора): уровень}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    append_text_row(sheet, [*HEADERS, *(factor_header(f) for f in factors)])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="top")
    for code, inn, municipality, name in schools:
        append_text_row(
            sheet,
            [
                code,
                inn or "",
                municipality,
                name,
                *(LEVEL_LABELS.get(levels.get((code, f.pk)), "") for f in factors),
            ],
        )
    first, last = get_column_letter(len(HEADERS) + 1), get_column_letter(len(HEADERS) + len(factors))
    validation = DataValidation(
        type="list",
        formula1='"высокий,средний,низкий"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Уровень риска",
        error="Выберите уровень из списка: высокий, средний или низкий.",
    )
    validation.add(f"{first}2:{last}{max(len(schools), 1) + 1}")
    sheet.add_data_validation(validation)
    grey = PatternFill("solid", fgColor="EEF2F8")
    for row in sheet.iter_rows(min_row=2, max_col=len(HEADERS)):
        for cell in row:
            cell.fill = grey
    for index, width in enumerate((11, 14, 30, 40), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in range(len(HEADERS) + 1, len(HEADERS) + len(factors) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.row_dimensions[1].height = 90
    sheet.freeze_panes = f"{first}2"
    notes = workbook.create_sheet("Как заполнять")
    for line in (
        f"Рисковые профили школ: {region_name}, {year} год.",
        "Одна строка — одна школа. Серые столбцы не меняйте: по коду школы система узнаёт школу.",
        "В столбцах факторов выберите уровень: высокий, средний или низкий.",
        "Строку без единого уровня система пропустит; заполненную частично — покажет как ошибку.",
        "Профиль, уже проверенный куратором, загрузка не меняет: его строку оставьте как есть.",
    ):
        append_text_row(notes, [line])
    notes.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAX_CELL_TEXT = 1000  # длиннее в шаблоне ничего не бывает; длиннее — не храним и не повторяем


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # ИНН и код школы Excel любит хранить числом
    return str(value)[: MAX_CELL_TEXT * 2].strip()[:MAX_CELL_TEXT]


def _factor_columns(header: list[str], factors: list[RiskFactor]) -> dict[int, int]:
    """Номер столбца → id фактора. Узнаём по номеру фактора в начале заголовка («3. …») или по тексту."""
    by_number = {f.number: f for f in factors}
    by_title = {f.title.casefold(): f for f in factors}
    columns, unknown = {}, []
    for index, title in enumerate(header[len(HEADERS) :], start=len(HEADERS)):
        if not title:
            continue
        number, _, rest = title.partition(".")
        factor = (by_number.get(int(number)) if number.strip().isdigit() else None) or by_title.get(
            (rest or title).strip().casefold()
        )
        if factor is None:
            unknown.append(title)
        else:
            columns[index] = factor.pk
    missing = sorted(f.number for f in factors if f.pk not in columns.values())
    if unknown or missing:
        problems = []
        if missing:
            problems.append("нет столбцов факторов " + ", ".join(map(str, missing)))
        if unknown:
            problems.append("лишние столбцы: " + "; ".join(f"«{t[:60]}»" for t in unknown[:5]))
        raise SheetError(
            "Столбцы файла не совпадают с каталогом рисков года ("
            + "; ".join(problems)
            + "). Скачайте шаблон заново и перенесите в него уровни."
        )
    return columns


def read_rows(fileobj, factors: list[RiskFactor]) -> list[RawRow]:
    """Строки первого листа. Ошибка всего файла — SheetError с русским текстом."""
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl на испорченном файле бросает что угодно: KeyError, XML, zip
        raise SheetError(
            "Файл не читается как книга Excel (XLSX): он повреждён или сохранён в другом "
            "формате. Сохраните его в Excel как «Книга Excel (.xlsx)»."
        ) from exc
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = [_text(v) for v in next(rows, ())]
        if [h.casefold() for h in header[: len(HEADERS)]] != [h.casefold() for h in HEADERS]:
            raise SheetError(
                "Это не шаблон рисковых профилей: в первой строке должны быть столбцы «"
                + "», «".join(HEADERS)
                + "» и факторы. Скачайте шаблон на этой странице."
            )
        columns = _factor_columns(header, factors)
        result = []
        for number, values in enumerate(rows, start=2):
            if number - 1 > MAX_ROWS:
                raise SheetError(f"В файле больше {TOO_MANY_ROWS} — это не шаблон одного региона.")
            texts = [_text(v) for v in values]
            if not any(texts):
                continue
            texts += [""] * (len(header) - len(texts))
            result.append(
                RawRow(
                    number=number,
                    code=texts[0],
                    inn=texts[1],
                    municipality=texts[2],
                    name=texts[3],
                    cells={pk: texts[i] for i, pk in columns.items()},
                )
            )
        return result
    except SheetError:
        raise
    except Exception as exc:  # битые листы внутри целого архива
        raise SheetError("Файл повреждён: лист не удаётся прочитать. Сохраните книгу заново.") from exc
    finally:
        workbook.close()
