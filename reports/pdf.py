"""PDF выгрузок: HTML-шаблон → WeasyPrint. Страница, шрифты, колонтитулы и разрывы — в общем шаблоне
reports/pdf/base.html (A4 альбомная, шапка таблицы на каждой странице, «стр. N из M» внизу).

Шрифты берутся из системы по имени семейства (Liberation Sans, запасной — DejaVu Sans): их ставит
scripts/bootstrap.sh пакетами fonts-liberation2 и fonts-dejavu-core, fontconfig их находит, а
WeasyPrint встраивает в PDF только использованные знаки."""

from __future__ import annotations

import logging
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint подробно пишет в журнал о каждом непонятом свойстве CSS; нам нужны только ошибки.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(*, template: str, context: dict, out: BinaryIO) -> int:
    """Пишет PDF в поток и возвращает число страниц."""
    from weasyprint import HTML  # тяжёлый импорт — только когда PDF действительно нужен

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    document.write_pdf(out)
    return len(document.pages)
