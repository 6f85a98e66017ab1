"""Учения по восстановлению: снять (или взять готовую) копию базы, восстановить её в отдельную базу,
сверить число строк и прочитать все файлы из копии каталога файлов. Код выхода 1 — копия негодна."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.plural import BYTES, ru_count
from jobs import backup


class Command(BaseCommand):
    help = "Проверка резервной копии: восстановление в отдельную базу, сверка строк и файлов."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scratch-db", required=True, help="имя базы для восстановления (будет пересоздана)"
        )
        parser.add_argument("--dump", help="готовый архив pg_dump -Fc; без него копия снимается сейчас")
        parser.add_argument("--media", help="копия каталога файлов; без неё — снимается копия MEDIA_ROOT")
        parser.add_argument("--keep", action="store_true", help="не удалять базу после проверки")

    def handle(self, *args, scratch_db, dump=None, media=None, keep=False, **options):
        work = Path(tempfile.mkdtemp(prefix="restore-drill-"))
        try:
            dump_path = Path(dump) if dump else backup.database_dump(target=work / "db.dump")
            if media:
                media_copy = Path(media)
            else:
                media_copy = work / "media"
                if Path(settings.MEDIA_ROOT).exists():
                    shutil.copytree(settings.MEDIA_ROOT, media_copy)
                else:
                    media_copy.mkdir()
            size = ru_count(dump_path.stat().st_size, *BYTES)
            self.stdout.write(f"Архив базы: {dump_path} ({size})")
            backup.database_restore(dump=dump_path, scratch=scratch_db)
            report = backup.restore_check(
                scratch=scratch_db, media_copy=media_copy, live_media=Path(settings.MEDIA_ROOT)
            )
        except Exception as error:
            raise CommandError(f"Восстановление не удалось: {error}") from error
        finally:
            if not keep:
                backup.database_drop(scratch=scratch_db)
            shutil.rmtree(work, ignore_errors=True)
        rows = sum(copy for _source, copy in report.tables.values())
        self.stdout.write(f"Таблиц: {len(report.tables)}, строк в копии: {rows}")
        for table, (source, copy) in report.mismatched_tables.items():
            self.stdout.write(f"  расходится {table}: в базе {source}, в копии {copy}")
        self.stdout.write(
            f"Файлов прочитано: {report.files_checked - len(report.missing_files)} из {report.files_checked}"
        )
        for name in report.missing_files:
            self.stdout.write(f"  нет файла: {name}")
        for name in report.changed_files:
            self.stdout.write(f"  файл отличается: {name}")
        if not report.ok:
            raise CommandError("Копия негодна: см. расхождения выше.")
        self.stdout.write(self.style.SUCCESS("Учения пройдены: база и файлы восстанавливаются."))
