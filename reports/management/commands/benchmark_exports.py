"""Замер выгрузок на том, что лежит в базе (обычно — национальная синтетика generate_demo):

    python manage.py benchmark_exports [--roadmap ID] [--repeat 5] [--skip-items]

(а) PDF региональной дорожной карты из 60 мероприятий — время первой сборки в процессе (с импортом
    WeasyPrint и поиском шрифтов) и медиана повторных. Карта берётся первая региональная ровно с 60
    мероприятиями (или --roadmap); если такой нет — строится во временной транзакции и откатывается.
(б) Excel всех мероприятий всех карт базы — тем же кодом, что и фоновая выгрузка «все мероприятия»,
    в отдельном процессе: время и пиковая память процесса (VmHWM), отдельно — память до сборки.

База только читается (кроме отката в (а)); файлы пишутся во временную папку и удаляются.
"""

from __future__ import annotations

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count

from config.plural import ITEMS, ROWS, TIMES, ru_count
from reports.builders.base import no_progress
from reports.builders.items import build_roadmap_items
from reports.builders.roadmap import build_roadmap
from roadmaps.models import Item, Level, RoadMap
from schools.models import Region

MAP_ITEMS = 60


class _Rollback(Exception):
    """Временную карту для замера не сохраняем."""


def _reset_peak_memory() -> None:
    """Пик памяти процесса наследуется через fork/exec от родителя (Linux): сбрасываем его, чтобы
    замер был пиком именно выгрузки. Нет /proc — остаётся ru_maxrss (он может быть завышен)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def _peak_memory_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # в Linux — килобайты


class Command(BaseCommand):
    help = "Замеряет выгрузки PDF и Excel (для docs/benchmarks.md, раздел «Выгрузки»)."

    def add_arguments(self, parser):
        parser.add_argument("--roadmap", type=int, help="id региональной карты для замера PDF")
        parser.add_argument("--repeat", type=int, default=5, help="сколько раз собирать PDF после первого")
        parser.add_argument("--skip-items", action="store_true", help="не замерять Excel всех мероприятий")
        parser.add_argument(
            "--compare-openpyxl",
            action="store_true",
            help="сравнить запись строк с обычным append листа openpyxl (20 000 одинаковых строк)",
        )
        parser.add_argument(
            "--items-child",
            action="store_true",
            # служебный: запуск в подпроцессе
            help="собрать Excel всех мероприятий и напечатать замер в JSON",
        )

    def handle(
        self,
        *args,
        roadmap=None,
        repeat=5,
        skip_items=False,
        items_child=False,
        compare_openpyxl=False,
        **options,
    ):
        if items_child:
            self.stdout.write(json.dumps(self._items_measure()))
            return
        if compare_openpyxl:
            ours, plain = _row_writers_compared()
            self.stdout.write(
                f"Запись строки из 15 ячеек: наш сериализатор {ours:.0f} мкс, "
                f"append листа openpyxl {plain:.0f} мкс"
            )
        self.stdout.write(f"База: {connection.vendor} {connection.settings_dict.get('NAME')}")
        items = None if skip_items else self._items_in_subprocess()  # первым: родитель ещё маленький
        pdf = self._pdf(roadmap, repeat)
        self.stdout.write(
            f"(а) PDF карты «{pdf['title']}»: {ru_count(pdf['items'], *ITEMS)}, {pdf['pages']} стр.; "
            f"первая сборка {pdf['first']:.2f} с, повторные: медиана {pdf['median']:.2f} с, "
            f"худшая {pdf['worst']:.2f} с ({ru_count(repeat, *TIMES)})"
            f"{' — карта временная' if pdf['temporary'] else ''}"
        )
        if items is None:
            return
        self.stdout.write(
            f"(б) Excel всех мероприятий: {ru_count(items['rows'], *ROWS)}, "
            f"{items['seconds']:.1f} с, файл "
            f"{items['bytes'] / 1024 / 1024:.1f} МБ; пиковая память процесса {items['peak_mb']:.0f} МБ "
            f"(до сборки {items['before_mb']:.0f} МБ), запросов {items['queries']}"
        )

    # --- (а) PDF -------------------------------------------------------------------------------

    def _pdf(self, roadmap_id: int | None, repeat: int) -> dict:
        if roadmap_id is not None:
            return self._pdf_of(RoadMap.objects.get(pk=roadmap_id), repeat, temporary=False)
        existing = (
            RoadMap.objects.filter(level=Level.REGIONAL)
            .annotate(n=Count("items"))
            .filter(n=MAP_ITEMS)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return self._pdf_of(existing, repeat, temporary=False)
        result: dict = {}
        try:
            with transaction.atomic():
                result = self._pdf_of(self._temporary_map(), repeat, temporary=True)
                raise _Rollback
        except _Rollback:
            return result

    def _temporary_map(self) -> RoadMap:
        from roadmaps import services

        region = Region.objects.order_by("pk").first()
        if region is None:
            raise CommandError("В базе нет регионов: сначала python manage.py load_demo или generate_demo.")
        year = 2099  # года, на который карты точно нет (одна региональная карта на год)
        roadmap = services.roadmap_create(
            actor=None,
            level=Level.REGIONAL,
            year=year,
            region=region,
            title="Карта для замера",
            approval_document="распоряжение № 1",
        )
        sections = [services.section_create(roadmap=roadmap, title=f"Раздел {n}") for n in range(1, 6)]
        for n in range(MAP_ITEMS):
            services.item_create(
                actor=None,
                roadmap=roadmap,
                section=sections[n % 5],
                description=f"Мероприятие {n + 1}: совещание координаторов и кураторов проекта",
                period_text=f"до {n % 28 + 1:02d}.03.{year}",
                indicator="Доля ОО, посещённых кураторами",
                status="not_started",
            )
        return roadmap

    def _pdf_of(self, roadmap: RoadMap, repeat: int, *, temporary: bool) -> dict:
        timings, built = [], None
        for _ in range(repeat + 1):
            started = time.perf_counter()
            built = build_roadmap(roadmap_id=roadmap.pk, fmt="pdf", out=io.BytesIO(), progress=no_progress)
            timings.append(time.perf_counter() - started)
        again = timings[1:] or timings
        return {
            "title": roadmap.title,
            "items": roadmap.items.count(),
            "pages": built.pages,
            "first": timings[0],
            "median": statistics.median(again),
            "worst": max(again),
            "temporary": temporary,
        }

    # --- (б) Excel всех мероприятий ------------------------------------------------------------

    def _items_in_subprocess(self) -> dict:
        """Отдельный процесс: его ru_maxrss — пик именно этой выгрузки, а не всего замера."""
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "benchmark_exports", "--items-child"]
        completed = subprocess.run(
            command, capture_output=True, text=True, env=os.environ.copy(), check=False
        )
        if completed.returncode != 0:
            raise CommandError(f"Замер Excel упал:\n{completed.stderr[-3000:]}")
        return json.loads(completed.stdout.strip().splitlines()[-1])

    def _items_measure(self) -> dict:
        from django.test.utils import CaptureQueriesContext

        Item.objects.exists()  # соединение и модели загружены до замера памяти «до сборки»
        _reset_peak_memory()
        before = _peak_memory_mb()
        with tempfile.TemporaryDirectory() as folder, CaptureQueriesContext(connection) as queries:
            path = os.path.join(folder, "items.xlsx")
            started = time.perf_counter()
            with open(path, "wb") as out:
                built = build_roadmap_items(region_id=None, year=None, out=out, progress=no_progress)
            seconds = time.perf_counter() - started
            size = os.path.getsize(path)
        return {
            "rows": built.rows,
            "seconds": seconds,
            "bytes": size,
            "peak_mb": _peak_memory_mb(),
            "before_mb": before,
            "queries": len(queries),
        }


def _row_writers_compared(rows: int = 20_000) -> tuple[float, float]:
    """Микросекунды на строку: Sheet.append (строки XML) и WriteOnlyWorksheet.append самого openpyxl."""
    import datetime

    from django.utils import timezone
    from openpyxl import Workbook

    from reports.builders.items import COLUMNS
    from reports.xlsx import ExcelBook

    day = datetime.date(2026, 3, 22)
    values = [
        "Владимирская область",
        2026,
        "муниципальная",
        "Муромский район",
        "",
        "2.3",
        "Подготовительный этап",
        "Анкетирование участников образовательных отношений для формирования рисковых профилей школ",
        "25-29.03.2026",
        day,
        day,
        "Доля ОО, принявших участие в анкетировании",
        "РИАЦОКО; ВИРО",
        "выполнено",
        day,
    ]
    timings = []
    for write in ("ours", "openpyxl"):
        started = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            if write == "ours":
                book = ExcelBook(title="Сравнение", generated_at=timezone.now())
                sheet = book.sheet("Лист", title="Сравнение", columns=COLUMNS)
                for _ in range(rows):
                    sheet.append(values)
                book.save(out)
            else:
                workbook = Workbook(write_only=True)
                sheet = workbook.create_sheet("Лист")
                for _ in range(rows):
                    sheet.append(values)
                workbook.save(out)
        timings.append((time.perf_counter() - started) / rows * 1e6)
    return timings[0], timings[1]
