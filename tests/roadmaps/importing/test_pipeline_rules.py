"""Правила конвейера на случаях, которые ломали прежний импорт: уровень не навязывается словом
из преамбулы, заголовок не глотает приказ, опечатка в номере остаётся как написана и видна,
строка без описания объясняет себя, а не роняет весь файл."""

from roadmaps.importers.grid import Grid, Row, Table
from roadmaps.importers.pipeline import guess_level, parse_grid, split_title

ORDER = [
    "ПРИКАЗ № 12 от 10.01.2022",
    "Об утверждении плана. В целях оказания помощи школам с низкими результатами обучения и школам, "
    "функционирующим в неблагоприятных социальных условиях, " + "в соответствии с планом министерства " * 12,
    "ПРИКАЗЫВАЮ: утвердить план согласно приложению.",
    "План мероприятий (дорожная карта) управления образования на 2022 год",
]


def grid(rows, before=ORDER):
    width = max(len(r) for r in rows)
    return Grid(
        tables=[
            Table(
                rows=[Row(cells=r + [""] * (width - len(r)), source_row=i + 1) for i, r in enumerate(rows)],
                before=list(before),
            )
        ]
    )


def test_level_is_not_forced_by_a_word_about_schools_in_the_preamble():
    level, reason = guess_level(ORDER[-1], "\n".join(ORDER[:-1]))
    assert level is None and "выберите" in reason
    level, reason = guess_level("План мероприятий на 2022 год", "утвердить муниципальную дорожную карту")
    assert level == "municipal" and "перед таблицей" in reason


def test_title_is_the_plan_heading_and_the_order_is_kept_apart():
    title, preamble = split_title(ORDER)
    assert title == ORDER[-1]
    assert preamble.startswith("ПРИКАЗ № 12") and len(title) < 500


def test_typo_in_a_number_is_kept_as_written_and_flagged_and_bad_rows_explain_themselves():
    rows = [["№", "Задачи", "Сроки реализации", "Исполнитель"]]
    rows += [[str(n), f"Проведение семинара {n}", "март 2022", "УО"] for n in range(28, 31)]
    rows += [["331", "Подведение итогов", "декабрь 2022", "УО"], ["32", "", "май 2022", "УО"]]
    draft = parse_grid(grid(rows))
    assert [item.source_number for item in draft.items] == ["28", "29", "30", "331"]
    messages = [(w.row, w.message) for w in draft.row_warnings]
    assert (5, "нумерация: после 30 идёт 331") in messages
    assert any(row == 6 and "нет описания" in message for row, message in messages)
    assert any("после 30 идёт 331" in flag for flag in draft.flags)
    assert draft.title == ORDER[-1] and draft.preamble.startswith("ПРИКАЗ")


def test_columns_without_header_are_placed_by_content_and_flagged():
    rows = [[f"до {n:02d}.03.2022", f"Организация встречи {n}", f"{n}.", "МОУО"] for n in range(1, 9)]
    draft = parse_grid(grid(rows, before=["Дорожная карта на 2022 год"]))
    assert [c.field for c in draft.columns] == ["period", "description", "number", "responsible"]
    assert draft.items[0].period_text == "до 01.03.2022" and draft.items[0].source_number == "1"
    assert sum("только по содержимому" in flag for flag in draft.flags) == 4
