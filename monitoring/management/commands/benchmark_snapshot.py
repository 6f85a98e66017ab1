"""Замер снимка мониторинга на том, что лежит в базе (обычно — национальная синтетика generate_demo).

    python manage.py benchmark_snapshot [--year 2026] [--date 20.09.2026]

Создаёт (или берёт) федеральный этап «Замер производительности» и снимает его по всем регионам тем же
кодом, что и кнопка «Снять показатели», печатает время и объём снимка. Повторный запуск переснимает.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from monitoring import services
from monitoring.models import FigureRow, MonitoringStage, Snapshot, SnapshotItem, SnapshotRun

STAGE_TITLE = "Замер производительности"


class Command(BaseCommand):
    help = "Замеряет снимок мониторинга по всем регионам (для docs/benchmarks.md)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--date", default="", help="дата снимка дд.мм.гггг (по умолчанию — сегодня)")

    def handle(self, *args, year, date, **options):
        try:
            as_of = datetime.datetime.strptime(date, "%d.%m.%Y").date() if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Дата — в виде дд.мм.гггг, например 20.09.2026.") from exc
        stage, _ = MonitoringStage.objects.update_or_create(
            region=None, year=year, title=STAGE_TITLE, defaults={"date": as_of}
        )
        run = SnapshotRun.objects.create(stage=stage)
        started = time.perf_counter()
        services.snapshot_run_execute(run_id=run.pk)
        elapsed = time.perf_counter() - started
        snapshots = Snapshot.objects.filter(stage=stage)
        rows = FigureRow.objects.filter(snapshot__in=snapshots).count()
        items = SnapshotItem.objects.filter(snapshot__in=snapshots).count()
        self.stdout.write(
            f"База: {connection.vendor}. Снимок на {as_of:%d.%m.%Y}: регионов {snapshots.count()}, "
            f"строк показателей {rows}, мероприятий {items}. Время: {elapsed:.1f} с."
        )
