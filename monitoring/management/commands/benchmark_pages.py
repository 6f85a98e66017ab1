"""Замер ключевых страниц каждой роли в процессе:
``python manage.py benchmark_pages [--repeat N] [--json FILE]``.

Настройки как в продакшене (DEBUG выключен); каждая страница меряется вперемешку с «полом» — пустым
представлением через те же middleware. Выход с ошибкой, если хоть одна страница не уложилась в бюджет
(p95 и число запросов)."""

import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from config.plural import PAGES_GEN, ru_count
from monitoring import pagebench

BUDGET_P95_MS = 100.0
BUDGET_QUERIES = 15


class Command(BaseCommand):
    help = "Замеряет ключевые страницы каждой роли (p50/p95, пол, запросы, байты) и проверяет бюджеты."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=20, help="замеров каждой страницы (по умолчанию 20)"
        )
        parser.add_argument("--json", dest="json_file", help="записать результаты в файл JSON")
        parser.add_argument("--role", action="append", default=[], help="только эти роли (можно несколько)")
        parser.add_argument("--page", action="append", default=[], help="только страницы с этим текстом")
        parser.add_argument("--budget-ms", type=float, default=BUDGET_P95_MS, help="бюджет p95, мс")
        parser.add_argument("--budget-queries", type=int, default=BUDGET_QUERIES, help="бюджет запросов")

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat должен быть не меньше 1.")
        load = _load_average()
        self.stdout.write(
            f"База: {connection.vendor} {connection.settings_dict.get('NAME')}; нагрузка: {load}"
        )
        targets = pagebench.build_targets()
        if not targets:
            raise CommandError("В базе нет данных для замера: запустите load_demo или generate_demo.")
        results, skipped = [], []
        hosts = ["testserver", "localhost", "127.0.0.1"]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts), pagebench.import_previews(targets):
            results.append(pagebench.measure_login_floor(repeat=options["repeat"]))
            for target in targets:
                if options["role"] and target.role not in options["role"]:
                    continue
                if options["page"]:
                    target.pages = [p for p in target.pages if any(w in p[0] for w in options["page"])]
                self.stdout.write(f"… {target.role} ({target.user.email}): страниц {len(target.pages)}")
                measured, missing = pagebench.measure_target(target, repeat=options["repeat"])
                results += measured
                skipped += missing
        failures = self._print(results, options["budget_ms"], options["budget_queries"])
        if skipped:
            self.stdout.write("Нет доступа (не замерялись): " + "; ".join(skipped))
        if options["json_file"]:
            with open(options["json_file"], "w", encoding="utf-8") as fh:
                json.dump([r.as_dict() for r in results], fh, ensure_ascii=False, indent=1)
        self.stdout.write(f"Нагрузка машины после замера: {_load_average()}")
        if failures:
            raise CommandError(f"Не уложились в бюджет: {failures} из {ru_count(len(results), *PAGES_GEN)}.")
        self.stdout.write(self.style.SUCCESS(f"В бюджете все страницы: {len(results)}."))

    def _print(self, results, budget_ms: float, budget_queries: int) -> int:
        header = f"{'роль':<26} {'страница':<40} {'p50':>7} {'p95':>7} {'пол':>6} {'запр':>5} {'КБ':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        failures = 0
        for r in results:
            over = r.p95_ms > budget_ms or r.queries > budget_queries
            failures += over
            line = (
                f"{r.role:<26} {r.page[:40]:<40} {r.p50_ms:>7.1f} {r.p95_ms:>7.1f} {r.floor_p95_ms:>6.1f} "
                f"{r.queries:>5} {r.bytes / 1024:>7.1f}" + ("  ← СВЕРХ БЮДЖЕТА" if over else "")
            )
            self.stdout.write(self.style.ERROR(line) if over else line)
        return failures


def _load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "неизвестна"
