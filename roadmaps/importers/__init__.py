"""Импорт дорожных карт из документов пользователей: чтение в черновик (чистый Python) и запись
черновика в базу через roadmaps.services.

Конвейер (``pipeline.parse_file`` / ``parse_path``): ``readers`` (.docx, .xlsx, .odt/.ods, текст, старые
.doc/.xls через LibreOffice) → нейтральная сетка ``grid`` → поиск таблицы карты и текста перед ней →
столбцы по заголовкам и содержимому (``columns``) → разделы и мероприятия (``assemble``) → черновик
с уровнем, причиной и предупреждениями по строкам файла. Прежние текстовые разметки (``layouts/``) —
часть текстового читателя.

- ``text_tables.read_seed(path)`` — таблица Word/HTML, сохранённая текстом → :class:`MapDraft`;
- ``responsibles.match_responsibles(text, organisations)`` — ячейка «Ответственные» → организации;
- ``load.import_draft(draft, region=…, municipality=…)`` — черновик → RoadMap (загрузчик импортирует
  модели, поэтому здесь он не реэкспортируется: чтение работает и без Django).
"""

from roadmaps.importers.drafts import ImportFormatError, ItemDraft, MapDraft, SectionDraft
from roadmaps.importers.text_tables import read_seed, read_text

__all__ = ["ImportFormatError", "ItemDraft", "MapDraft", "SectionDraft", "read_seed", "read_text"]
