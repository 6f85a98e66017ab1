"""``python manage.py benchmark_import [--rows 300] [--user EMAIL] [--repeat 5]``

Замер загрузки карты из файла, как её видит человек: .docx из ``--rows`` мероприятий (собран из трёх
настоящих карт, fixtures/seeds, с разделами и абзацами в ячейках) загружается страницей «Загрузить из
файла» → разбор в запросе → переход к предпросмотру (цель — 2 с), затем сама страница предпросмотра
(цель — 300 мс). Работает в транзакции, которая откатывается: в базе ничего не остаётся; сохранённые
файлы загрузок удаляются. Пользователь — региональный координатор (по умолчанию из демо-данных)."""

from __future__ import annotations

import io
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from config.plural import ITEMS, ru_count
from roadmaps.importers.drafts import ItemDraft, MapDraft, SectionDraft
from roadmaps.importers.text_tables import read_seed
from roadmaps.models import RoadMapImport

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


class Rollback(Exception):
    pass


def synthetic_map(rows: int) -> MapDraft:
    """Карта из ``rows`` мероприятий: настоящие формулировки трёх карт по кругу, разделы по 30."""
    pool = [item for name in sorted(SEEDS.glob("*.txt")) for item in read_seed(name).items]
    draft = MapDraft(
        level="regional",
        year=2021,
        title="План-график (дорожная карта) региональных мероприятий по проекту 500+ на 2021 год",
    )
    for index in range(rows):
        if index % 30 == 0:
            draft.sections.append(
                SectionDraft(title=f"Этап {index // 30 + 1}", source_number=str(index // 30 + 1))
            )
        source = pool[index % len(pool)]
        draft.sections[-1].items.append(
            ItemDraft(
                source_number=f"{index // 30 + 1}.{index % 30 + 1}",
                description=source.description,
                period_text=source.period_text,
                indicator=source.indicator,
                responsible_text=source.responsible_text,
            )
        )
    return draft


def build_docx(draft: MapDraft) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("ПРИКАЗ об утверждении дорожной карты")
    document.add_paragraph(draft.title)
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["№ п/п", "Мероприятия", "Сроки", "Показатель", "Ответственные"], strict=True
    ):
        cell.text = text
    for section in draft.sections:
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = f"{section.source_number}. {section.title}"
        for item in section.items:
            cells = table.add_row().cells
            values = [
                item.source_number,
                item.description,
                item.period_text,
                item.indicator,
                item.responsible_text,
            ]
            for cell, value in zip(cells, values, strict=True):
                lines = value.split("\n")
                cell.text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = (
        "Замер: .docx на 300 мероприятий → предпросмотр (цель 2 с) и отрисовка предпросмотра (цель 300 мс)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=300)
        parser.add_argument("--user", default="coordinator.perm@demo.500plus.ru")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, **options):
        user = User.objects.filter(email=options["user"]).first()
        if user is None:
            raise CommandError(
                f"Пользователь «{options['user']}» не найден: запустите load_demo или укажите --user."
            )
        data = build_docx(synthetic_map(options["rows"]))
        self.stdout.write(f"Файл .docx: {ru_count(options['rows'], *ITEMS)}, {len(data) / 1024:.0f} КБ.")
        host = next(
            (h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")), "localhost"
        )
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        to_preview, render, stored = [], [], []
        try:
            with transaction.atomic():
                for _ in range(options["repeat"]):
                    upload = io.BytesIO(data)
                    upload.name = "карта-300.docx"
                    started = time.perf_counter()
                    response = client.post(reverse("roadmaps:import_upload"), {"file": upload})
                    if response.status_code != 302:
                        raise CommandError(f"Загрузка не прошла: ответ {response.status_code}.")
                    page = client.get(response.url)
                    to_preview.append(time.perf_counter() - started)
                    batch = RoadMapImport.objects.filter(created_by=user).latest("created_at")
                    stored.append(batch.file.name)
                    items = len(batch.parsed.get("items", []))
                    for _ in range(options["repeat"]):
                        started = time.perf_counter()
                        page = client.get(response.url)
                        render.append(time.perf_counter() - started)
                    if page.status_code != 200:
                        raise CommandError(f"Предпросмотр не открылся: ответ {page.status_code}.")
                raise Rollback
        except Rollback:
            pass
        finally:
            from django.core.files.storage import default_storage

            for name in stored:
                default_storage.delete(name)
        self.stdout.write(f"Мероприятий в предпросмотре: {items}.")
        self.stdout.write(
            f"Загрузка → предпросмотр: медиана {statistics.median(to_preview):.2f} с, "
            f"худшая {max(to_preview):.2f} с "
            f"(цель 2 с); прогонов: {len(to_preview)}."
        )
        self.stdout.write(
            f"Страница предпросмотра: медиана {statistics.median(render) * 1000:.0f} мс, "
            f"худшая {max(render) * 1000:.0f} мс (цель 300 мс); прогонов: {len(render)}."
        )
