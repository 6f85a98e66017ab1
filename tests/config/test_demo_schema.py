"""Снимок схемы для быстрого демо (demo/schema.py) — ровно то, что дают миграции.

Если тест упал после новой миграции: `python manage.py demo_schema` перепишет fixtures/demo_schema.sql.
"""

from demo import schema as demo_schema


def test_snapshot_is_what_migrate_from_scratch_gives():
    fresh = demo_schema.fresh_snapshot_text()
    assert demo_schema.SNAPSHOT.read_text(encoding="utf-8") == fresh, (
        "fixtures/demo_schema.sql отстал от миграций — python manage.py demo_schema"
    )


def test_migrate_after_the_snapshot_has_nothing_left_and_changes_nothing(tmp_path):
    after = demo_schema.migrated_dump(tmp_path / "demo.sqlite3", start_from_snapshot=True)
    assert after == demo_schema.SNAPSHOT.read_text(encoding="utf-8")
