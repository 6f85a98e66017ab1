"""Строки листа собираются из заготовок XML ячеек с номером строки-заготовкой: повторяющиеся ячейки
(CellCache) и собранные заново дают одно и то же, а текст с управляющими символами номер строки
не сдвигает (их выбрасывает config/excel_cells.py)."""

import datetime
import io

from django.utils import timezone

from reports.xlsx import DATE, INT, Column, ExcelBook
from tests.reports.files import table, workbook

COLUMNS = [Column("Текст", 20), Column("Число", 8, INT), Column("Дата", 12, DATE)]
DAY = datetime.date(2026, 3, 22)


def built(fill) -> list[tuple]:
    book = ExcelBook(title="Проверка", generated_at=timezone.now())
    sheet = book.sheet("Лист", title="Проверка", columns=COLUMNS)
    fill(sheet)
    out = io.BytesIO()
    book.save(out)
    return table(workbook(out.getvalue())["Лист"])[1]


def test_cached_cells_give_the_same_rows_as_plain_append():
    values = [["первый", 1, DAY], ["", None, None], ["=1+1", 2, DAY]]

    def plain(sheet):
        for row in values:
            sheet.append(row)

    def cached(sheet):
        texts, numbers, days = (sheet.cached(index) for index in range(3))
        for text, number, day in values:
            sheet.append_cells([texts[text], numbers[number], days[day]])

    lines = built(plain)
    assert built(cached) == lines
    assert lines == [
        ("первый", 1, datetime.datetime(2026, 3, 22)),
        (None, None, None),
        ("=1+1", 2, datetime.datetime(2026, 3, 22)),  # текст, а не формула
    ]


def test_control_characters_in_text_do_not_shift_row_numbers():
    def fill(sheet):
        for number in range(1, 1201):  # больше одной пачки записи во временный файл
            sheet.append([f"строка\x00 {number}\x01", number, DAY])

    lines = built(fill)
    assert len(lines) == 1200
    assert lines[0][:2] == ("строка 1", 1) and lines[-1][:2] == ("строка 1200", 1200)
    assert all(line[1] == index for index, line in enumerate(lines, start=1))
