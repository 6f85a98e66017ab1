"""Снимок схемы SQLite для быстрого первого запуска демо (demo/schema.py)."""

from django.core.management.base import BaseCommand, CommandError

from demo import schema as demo_schema


class Command(BaseCommand):
    help = "Пишет fixtures/demo_schema.sql — пустую базу SQLite после всех миграций (--check — сверить)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="не писать, а сверить с миграциями")

    def handle(self, *args, **options):
        fresh = demo_schema.fresh_snapshot_text()
        path = demo_schema.SNAPSHOT
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != fresh:
                raise CommandError(f"{path.name} отстал от миграций: python manage.py demo_schema")
            self.stdout.write(f"{path.name} совпадает с миграциями.")
            return
        path.write_text(fresh, encoding="utf-8")
        self.stdout.write(f"Записано: {path} (строк SQL: {len(fresh.splitlines())}).")
