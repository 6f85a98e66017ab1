"""Подготовка демо одной командой: миграции и демо-данные в одном процессе (так быстрее: Django
и все приложения импортируются один раз). Её вызывает ``./scripts/demo.sh``."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo import schema as demo_schema


class Command(BaseCommand):
    help = "Применяет миграции и загружает демо-данные (то же, что migrate и load_demo подряд)."

    def handle(self, *args, **options):
        # Пустая SQLite-база: сначала готовая схема (снимок всех миграций, demo/schema.py) —
        # migrate с нуля тратит ~12 с процессора на пересборку состояния моделей; потом migrate
        # применяет только то, что новее снимка.
        if demo_schema.load_snapshot():
            self.stdout.write("[demo] схема базы загружена из fixtures/demo_schema.sql")
        self.stdout.write("[demo] применяю миграции...")
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write("[demo] загружаю демо-данные (регионы, дорожные карты ШНОР, демо-пользователи)...")
        call_command("load_demo", stdout=self.stdout)
