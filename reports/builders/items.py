"""Все мероприятия дорожных карт — региона или всей страны — одной таблицей Excel (для фильтров и
сводных таблиц). На национальных данных это ~150 000 строк, поэтому ничего не держится в памяти:

два запроса в одной транзакции, оба читаются потоком. Карты (их немного) — по году, региону, уровню
карты, муниципалитету, школе и id, с порядковым номером карты в этом порядке (ROW_NUMBER); мероприятия —
одним запросом, отсортированным по этому номеру карты, номеру раздела в карте и позиции. Номер раздела
(ROW_NUMBER по позиции в карте) и имена ответственных (организации и люди одной строкой, по алфавиту, как
на странице карты) приходят в строке мероприятия из соединений с подзапросами, а не из подзапросов на
каждую строку: так PostgreSQL сортирует по числам и соединяет хешем (замер — docs/benchmarks.md,
«Сессия 4: выгрузки»). Номера «1.3» выводятся на лету по тем же правилам, что и
roadmaps.selectors.map_rows (мероприятия без раздела первыми, разделы продолжают сквозную нумерацию).
Число запросов постоянно: 3 (с подсчётом строк для прогресса)."""

from __future__ import annotations

from typing import BinaryIO

from django.db import connection
from django.utils import timezone

from accounts.models import User
from reports.builders.base import PROGRESS_EVERY, Built, Progress
from reports.builders.roadmap import responsible_text
from reports.builders.streams import CHUNK, Peekable, consistent_read
from reports.formats import XLSX
from reports.xlsx import DATE, INT, Column, ExcelBook
from roadmaps.models import Item, ItemStatus, Level, RoadMap, Section
from schools.models import Municipality, Organisation, Region, School

STATUS_LABELS = dict(ItemStatus.choices)
LEVEL_LABELS = dict(Level.choices)
COLUMNS = [
    Column("Регион", 24),
    Column("Год", 7, INT),
    Column("Уровень карты", 15),
    Column("Муниципалитет", 24),
    Column("Школа", 24),
    Column("№ п/п", 8),
    Column("Раздел", 28),
    Column("Описание действий", 60),
    Column("Сроки (как написано)", 20),
    Column("Начало", 12, DATE),
    Column("Окончание", 12, DATE),
    Column("Показатель", 36),
    Column("Ответственные", 26),
    Column("Исполнение", 14),
    Column("Дата выполнения", 13, DATE),
]


# Порядок карт задан здесь один раз: им нумеруются карты (ROW_NUMBER), а мероприятия сортируются по номеру.
_MAPS = """
SELECT r.id, r.year, r.level, g.name, mu.name, sc.short_name, ROW_NUMBER() OVER (ORDER BY
    r.year, g.name, CASE r.level WHEN %s THEN 0 WHEN %s THEN 1 ELSE 2 END, mu.name, sc.short_name, r.id
) AS ord
FROM {roadmap} r
JOIN {region} g ON g.id = r.region_id
LEFT JOIN {municipality} mu ON mu.id = r.municipality_id
LEFT JOIN {school} sc ON sc.id = r.school_id
WHERE {where}
"""
_MAPS_PARAMS = [Level.REGIONAL, Level.MUNICIPAL]

# Мероприятия карт из _MAPS: номер раздела в карте и имена ответственных — соединениями (для выгрузки
# региона или года разделы и имена берутся только его — scope).
_ITEMS = """
SELECT i.roadmap_id, s.number, s.title, i.description, i.period_text, i.period_start, i.period_end,
    i.indicator, i.responsible_text, o.names, u.names, i.status, i.completed_on
FROM {item} i
JOIN ({maps}) m ON m.id = i.roadmap_id
LEFT JOIN (
    SELECT id, title, ROW_NUMBER() OVER (PARTITION BY roadmap_id ORDER BY position, id) AS number
    FROM {section} {section_scope}
) s ON s.id = i.section_id
LEFT JOIN (
    SELECT item_id, {organisations} AS names FROM (
        SELECT t.item_id, org.short_name AS name FROM {item_organisations} t
        JOIN {organisation} org ON org.id = t.organisation_id {names_scope}
        ORDER BY t.item_id, org.short_name
    ) names GROUP BY item_id
) o ON o.item_id = i.id
LEFT JOIN (
    SELECT item_id, {people} AS names FROM (
        SELECT t.item_id, person.last_name || ' ' || SUBSTR(person.first_name, 1, 1) || '.'
            || CASE WHEN person.middle_name = '' THEN ''
                ELSE ' ' || SUBSTR(person.middle_name, 1, 1) || '.' END
            AS name, person.last_name, person.first_name, person.middle_name
        FROM {item_users} t JOIN {user} person ON person.id = t.user_id {names_scope}
        ORDER BY t.item_id, person.last_name, person.first_name, person.middle_name
    ) names GROUP BY item_id
) u ON u.item_id = i.id
ORDER BY m.ord, s.number NULLS FIRST, i.position, i.id
"""


def _joined_names(order: str) -> str:
    """Имена через «; » одной строкой в порядке order (как на странице карты): в PostgreSQL — STRING_AGG
    с ORDER BY, в SQLite — GROUP_CONCAT в порядке упорядоченного подзапроса."""
    if connection.vendor == "postgresql":
        return f"STRING_AGG(name, '; ' ORDER BY {order})"
    return "GROUP_CONCAT(name, '; ')"


def _tables() -> dict[str, str]:
    return {
        "roadmap": RoadMap._meta.db_table,
        "region": Region._meta.db_table,
        "municipality": Municipality._meta.db_table,
        "school": School._meta.db_table,
        "item": Item._meta.db_table,
        "section": Section._meta.db_table,
        "organisation": Organisation._meta.db_table,
        "user": User._meta.db_table,
        "item_organisations": Item.responsible_organisations.through._meta.db_table,
        "item_users": Item.responsible_users.through._meta.db_table,
    }


def _queries(region_id: int | None, year: int | None) -> tuple[tuple[str, list], tuple[str, list]]:
    """SQL и параметры: карты по порядку и их мероприятия по порядку."""
    where, params = ["TRUE"], []
    if region_id is not None:
        where.append("r.region_id = %s")
        params.append(region_id)
    if year is not None:
        where.append("r.year = %s")
        params.append(year)
    tables = _tables()
    where = " AND ".join(where)
    maps = _MAPS.format(where=where, **tables)
    maps_params = [*_MAPS_PARAMS, *params]
    scoped_maps = f"SELECT r.id FROM {tables['roadmap']} r WHERE {where}"
    in_scope = f"JOIN {tables['item']} ii ON ii.id = t.item_id WHERE ii.roadmap_id IN ({scoped_maps})"
    items = _ITEMS.format(
        maps=maps,
        organisations=_joined_names("name"),
        people=_joined_names("last_name, first_name, middle_name"),
        section_scope=f"WHERE roadmap_id IN ({scoped_maps})" if params else "",
        names_scope=in_scope if params else "",
        **tables,
    )
    # Параметры — в порядке появления в тексте: карты, разделы, организации, люди.
    return (f"{maps} ORDER BY ord", maps_params), (items, [*maps_params, *(params * 3)])


def _stream(sql: str, params: list):
    """Строки запроса пачками по CHUNK: в PostgreSQL — серверный курсор, память не растёт."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def items_title(region_id: int | None, year: int | None) -> str:
    where = Region.objects.get(pk=region_id).name if region_id is not None else "все регионы"
    when = f"{year} год" if year is not None else "все годы"
    return f"Мероприятия дорожных карт: {where}, {when}"


def build_roadmap_items(
    *, region_id: int | None, year: int | None, out: BinaryIO, progress: Progress
) -> Built:
    title = items_title(region_id, year)
    (maps_sql, maps_params), (items_sql, items_params) = _queries(region_id, year)
    book = ExcelBook(title=title, generated_at=timezone.now())
    sheet = book.sheet(
        "Мероприятия",
        title=title,
        columns=COLUMNS,
        notes=["Номера «1.3» — как на странице карты: разделы и мероприятия по порядку."],
    )
    # Горячий цикл: повторяющиеся ячейки (владелец карты, раздел, номер, даты, состояние) собираются раз,
    # текст мероприятия — каждый раз через sheet.cell (встроенная строка, config/excel_cells.py).
    cell = sheet.cell
    numbers, starts, ends, statuses, completions = (sheet.cached(index) for index in (5, 9, 10, 13, 14))
    no_section = cell(6, "")
    with consistent_read():
        filters = {"roadmap__region_id": region_id} if region_id is not None else {}
        if year is not None:
            filters["roadmap__year"] = year
        total = Item.objects.filter(**filters).count()
        items = Peekable(_stream(items_sql, items_params))
        done = 0
        for roadmap_id, map_year, level, region_name, municipality_name, school_name, _ in _stream(
            maps_sql, maps_params
        ):
            owner = [
                cell(index, value)
                for index, value in enumerate(
                    [region_name, map_year, LEVEL_LABELS.get(level, level), municipality_name, school_name]
                )
            ]
            top = 0  # мероприятий без раздела (они идут первыми)
            section_key, section_cells, counter = None, [], 0
            for (
                _,
                section_number,
                section_title,
                description,
                period_text,
                start,
                end,
                indicator,
                written,
                organisations,
                people,
                status,
                completed_on,
            ) in items.take_while(roadmap_id, 0):
                if section_number is None:
                    top += 1
                    number, section = top, no_section  # целый номер — числом: 10 после 2
                else:
                    if section_number != section_key:  # раздел продолжает сквозную нумерацию
                        section_key, counter = section_number, 0
                        section_cells = [f"{top + section_number}.", cell(6, section_title)]
                    counter += 1
                    number, section = f"{section_cells[0]}{counter}", section_cells[1]
                if organisations or people:
                    names = [*(organisations or "").split("; "), *(people or "").split("; ")]
                    responsible = responsible_text(written, names)
                else:
                    responsible = written.strip()
                sheet.append_cells(
                    [
                        *owner,
                        numbers[number],
                        section,
                        cell(7, description),
                        cell(8, period_text),
                        starts[start],
                        ends[end],
                        cell(11, indicator),
                        cell(12, responsible),
                        statuses[STATUS_LABELS.get(status, status)],
                        completions[completed_on],
                    ]
                )
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress(done, total)
    rows = book.save(out)
    progress(total, total)
    return Built(title, XLSX, rows)
