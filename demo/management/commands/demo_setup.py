"""Подготовка демо одной командой: миграции и демо-данные в одном процессе (так быстрее: Django
и все приложения импортируются один раз). Её вызывает ``./scripts/demo.sh``."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Применяет миграции и загружает демо-данные (то же, что migrate и load_demo подряд)."

    def handle(self, *args, **options):
        self.stdout.write("[demo] применяю миграции...")
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write("[demo] загружаю демо-данные (регионы, дорожные карты ШНОР, демо-пользователи)...")
        call_command("load_demo", stdout=self.stdout)
