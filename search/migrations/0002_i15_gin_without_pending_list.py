"""GIN-индексы поиска без «списка ожидания» (fastupdate = off).

С fastupdate (по умолчанию) новые строки попадают в несортированный список ожидания индекса, и каждый
поиск читает его целиком, пока его не разберёт VACUUM; autovacuum на стенде выключен, после generate_demo
в списке оставались сотни страниц — поиск «ВКС» по разделам шёл 3 мс вместо 0,03, а планировщик из-за
этого считал индекс дорогим и читал таблицы целиком. Без списка каждая запись сразу обновляет индекс
(вставка чуть дороже, записей у нас на порядки меньше, чем поисков). Существующий список разбирается здесь же.
На SQLite ничего не делает."""

from django.db import migrations

from search.documents import SEARCHABLES


def _set(fastupdate: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for searchable in SEARCHABLES.values():
            index = f"{searchable.table}_search_gin"
            schema_editor.execute(f"ALTER INDEX IF EXISTS {index} SET (fastupdate = {fastupdate})")
            if fastupdate == "off":
                schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_i15_fulltext_columns")]

    operations = [migrations.RunPython(_set("off"), _set("on"))]
