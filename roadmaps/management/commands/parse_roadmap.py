"""``python manage.py parse_roadmap ФАЙЛ [--level regional|municipal|school] [--year ГГГГ] [--sheet N]
--json``

Разбирает файл тем же конвейером, что и загрузка в браузере, и ничего не пишет в базу. С ``--json``
печатает один объект JSON: title, preamble, level, level_reason, year, columns (заголовок → поле),
items (section, number, description, period_text, period_start, period_end, period_kind,
responsible_text, indicator, links), warnings (row, message). Код выхода 0 — таблица дорожной карты
найдена, 2 — нет (одна строка по-русски в stderr).
"""

import json
import sys

from django.core.management.base import BaseCommand

from roadmaps.importers.drafts import ImportFormatError
from roadmaps.importers.pipeline import draft_to_dict, parse_path

LEVELS = ("regional", "municipal", "school")


class Command(BaseCommand):
    help = (
        "Разбирает файл дорожной карты (.docx, .xlsx, .odt, .ods, .txt, .csv; .doc/.xls — через LibreOffice) "
        "без записи в базу."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", help="файл с дорожной картой")
        parser.add_argument("--level", choices=LEVELS, help="уровень карты, если документ его не называет")
        parser.add_argument("--year", type=int, help="год карты")
        parser.add_argument("--sheet", type=int, help="номер листа книги Excel/Calc, с 1")
        parser.add_argument("--json", action="store_true", help="напечатать результат одним объектом JSON")

    def handle(self, *args, **options):
        sheet = options["sheet"] - 1 if options["sheet"] else None
        try:
            draft = parse_path(options["path"], level=options["level"], year=options["year"], sheet=sheet)
        except ImportFormatError as exc:
            return self._fail(str(exc))
        if not draft.items:
            reasons = "; ".join(f"строка {w.row}: {w.message}" for w in draft.row_warnings[:3])
            return self._fail(
                "В таблице не найдено ни одного мероприятия" + (f" ({reasons})." if reasons else ".")
            )
        data = draft_to_dict(draft)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"«{data['title']}» — {data['level'] or 'уровень не определён'} ({data['level_reason']}), "
            f"{data['year']} год, мероприятий: {len(data['items'])}."
        )
        for header, field in data["columns"].items():
            self.stdout.write(f"  столбец «{header}» → {field or 'не загружается'}")
        for flag in data["flags"]:
            self.stdout.write(f"Внимание: {flag}")
        for warning in data["warnings"]:
            self.stdout.write(f"  строка {warning['row']}: {warning['message']}")

    def _fail(self, message: str):
        self.stderr.write(message.replace("\n", " "))
        sys.exit(2)
