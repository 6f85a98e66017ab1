"""Синтетические данные любого объёма: ``python manage.py generate_demo --help``.

Вся работа — в ``demo.synthetic``; команда разбирает параметры, меряет время этапов и печатает итог.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import generate, synthetic

# Если не задано ни «на регион», ни «всего»:
DEFAULT_MUNICIPALITIES = 5  # муниципалитетов в регионе
DEFAULT_SCHOOLS = 2  # школ в муниципалитете


class Command(BaseCommand):
    help = (
        "Создаёт синтетические регионы («Синтетический регион NN»), муниципалитеты, школы с участием "
        "в программе, организации, координаторов и кураторов (адреса @synthetic.500plus.ru, пароль demo500) "
        "и назначения кураторов — bulk_create пачками, в одной транзакции, одинаково при одном --seed. "
        "История изменений (django-simple-history) для этих строк не пишется: bulk_create её обходит, "
        "для синтетики это допустимо. Национальный масштаб: --regions 85 --municipalities-total 2500 "
        "--schools-total 6000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=3, help="сколько регионов (1–99)")
        municipalities = parser.add_mutually_exclusive_group()
        municipalities.add_argument(
            "--municipalities-per-region", type=int, help="муниципалитетов в каждом регионе"
        )
        municipalities.add_argument(
            "--municipalities-total", type=int, help="муниципалитетов всего, поровну по регионам"
        )
        schools = parser.add_mutually_exclusive_group()
        schools.add_argument("--schools-per-municipality", type=int, help="школ в каждом муниципалитете")
        schools.add_argument("--schools-total", type=int, help="школ всего, поровну по муниципалитетам")
        parser.add_argument(
            "--curators-per-region", type=int, help="кураторов в регионе (по умолчанию — один на три школы)"
        )
        parser.add_argument(
            "--previous-year-share",
            type=float,
            default=synthetic.DEFAULT_PREVIOUS_YEAR_SHARE,
            help="доля школ, участвовавших и в прошлом году (0–1)",
        )
        parser.add_argument("--year", type=int, help="год программы (по умолчанию — текущий)")
        parser.add_argument("--seed", type=int, default=500, help="зерно генератора: один seed — одни данные")
        parser.add_argument("--clear", action="store_true", help="сначала удалить прежнюю синтетику")
        parser.add_argument("--clear-only", action="store_true", help="только удалить синтетику и выйти")

    def handle(self, *args, **options):
        try:
            plan = None if options["clear_only"] else self._plan(options)
            started = time.perf_counter()
            with transaction.atomic():  # всё или ничего: прерванный прогон не оставляет половины данных
                if options["clear"] or options["clear_only"]:
                    self._clear()
                if plan is not None:
                    self._generate(plan)
                commit_started = time.perf_counter()
        except synthetic.SyntheticPlanError as exc:
            raise CommandError(str(exc)) from exc
        # PostgreSQL проверяет отложенные внешние ключи при COMMIT — это заметная доля времени.
        self.stdout.write(f"COMMIT: {time.perf_counter() - commit_started:.2f} с")
        self._after_load()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Готово за {elapsed:.2f} с."))

    def _after_load(self) -> None:
        """Статистика планировщика (ANALYZE), хранимые показатели и подсказки сверки — сразу, а не потом."""
        from alignment.suggestions import suggestions_recompute_all as recompute_suggestions_all
        from config.dbtools import analyze
        from monitoring.rollup import rollup_recompute_all

        started = time.perf_counter()
        analyze()
        self.stdout.write(f"ANALYZE: {time.perf_counter() - started:.2f} с")
        started = time.perf_counter()
        pairs = rollup_recompute_all()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Хранимые показатели (регионов × лет: {pairs}): {elapsed:.2f} с")
        started = time.perf_counter()
        pairs = recompute_suggestions_all()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Подсказки сверки (регионов × лет: {pairs}): {elapsed:.2f} с")

    @staticmethod
    def _plan(options) -> synthetic.SyntheticPlan:
        per_region = options["municipalities_per_region"]
        per_municipality = options["schools_per_municipality"]
        return synthetic.SyntheticPlan.build(
            regions=options["regions"],
            year=options["year"] or timezone.localdate().year,
            seed=options["seed"],
            municipalities_per_region=per_region if per_region is not None else DEFAULT_MUNICIPALITIES,
            municipalities_total=options["municipalities_total"],
            schools_per_municipality=per_municipality if per_municipality is not None else DEFAULT_SCHOOLS,
            schools_total=options["schools_total"],
            curators_per_region=options["curators_per_region"],
            previous_year_share=options["previous_year_share"],
        )

    def _clear(self) -> None:
        started = time.perf_counter()
        deleted = generate.clear_synthetic()
        summary = ", ".join(f"{label} — {count}" for label, count in deleted.most_common()) or "нечего"
        self.stdout.write(f"Удалена прежняя синтетика за {time.perf_counter() - started:.2f} с: {summary}.")

    def _generate(self, plan: synthetic.SyntheticPlan) -> None:
        self.stdout.write(
            f"Генерация: регионов {plan.regions}, муниципалитетов {sum(plan.municipalities_by_region)}, "
            f"школ {sum(plan.schools_by_municipality)}, год {plan.year}, seed {plan.seed}."
        )
        started = time.perf_counter()
        run = synthetic.SyntheticRun.start(plan)  # здесь считается единственный хэш пароля
        self.stdout.write(f"Хэш пароля (один на всех): {time.perf_counter() - started:.2f} с")
        self.stdout.write(f"  {'этап':<22} {'строк':>8} {'секунд':>8}")
        total_rows, started_all = 0, time.perf_counter()
        for label, stage in generate.all_stages():
            started = time.perf_counter()
            rows = stage(run)
            total_rows += rows
            self.stdout.write(f"  {label:<22} {rows:>8} {time.perf_counter() - started:>8.2f}")
        self.stdout.write(f"  {'итого':<22} {total_rows:>8} {time.perf_counter() - started_all:>8.2f}")
