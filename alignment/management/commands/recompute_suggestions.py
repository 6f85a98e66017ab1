"""Пересчёт хранимых подсказок сверки: всех регионов, одного региона или только устаревших.

python manage.py recompute_suggestions                      # все регионы с региональной картой, все годы
python manage.py recompute_suggestions --year 2026
python manage.py recompute_suggestions --region 12 --year 2026
python manage.py recompute_suggestions --stale              # то же, что beat раз в 5 минут
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from alignment import suggestions


class Command(BaseCommand):
    help = "Пересчитать хранимые подсказки сверки муниципальных карт с региональной."

    def add_arguments(self, parser):
        parser.add_argument("--region", type=int, help="id региона (вместе с --year)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--stale", action="store_true", help="только устаревшие")

    def handle(self, *args, region: int | None, year: int | None, stale: bool, **options):
        started = time.perf_counter()
        if region is not None:
            if year is None:
                raise CommandError("Для одного региона укажите и год: --region 12 --year 2026.")
            done = int(suggestions.suggestions_recompute(region_id=region, year=year))
        elif stale:
            done = suggestions.suggestions_recompute_stale()
        else:
            done = suggestions.suggestions_recompute_all(year=year)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Подсказки сверки пересчитаны (регионов × лет: {done}) за {elapsed:.2f} с.")
