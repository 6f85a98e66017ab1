"""Столбец «Информационное сопровождение»: в ссылки мероприятия попадают только адреса http(s).

Ссылки мероприятия проверяет модель (config/urls_safety.py): javascript:, data:, «www.…» без схемы и
обычный текст («Сайт школы») она не примет — и вся карта не записалась бы. Поэтому при разборе файла
строка, которая не ссылка http(s), остаётся текстом в описании мероприятия (адреса http(s) внутри неё
становятся ссылками), а предпросмотр говорит, что и куда перенесено. Ничего из файла не теряется.
"""

from __future__ import annotations

import re

from config.echo import echo
from config.urls_safety import is_safe_link
from roadmaps.importers.drafts import MapDraft, RowWarning

_EMBEDDED_URL = re.compile(r"https?://[^\s<>\"'«»]+", re.IGNORECASE)
TEXT_PREFIX = "Информационное сопровождение: "


def keep_http_links(draft: MapDraft) -> None:
    for item in draft.items:
        links, texts = [], []
        for line in item.links.splitlines():
            line = line.strip()
            if not line:
                continue
            if is_safe_link(line):
                links.append(line)
                continue
            texts.append(" ".join(line.split()))
            links += [url.rstrip(".,;)") for url in _EMBEDDED_URL.findall(line)]
        links = [link for link in links if is_safe_link(link)]
        if not texts:
            continue
        item.links = "\n".join(links)
        item.description = f"{item.description}\n{TEXT_PREFIX}{'; '.join(texts)}".strip()
        draft.row_warnings.append(
            RowWarning(
                item.source_row,
                f"п. {item.source_number or '—'}: «{echo(texts[0], 60)}» — не ссылка http(s), "
                "перенесено в описание мероприятия",
            )
        )
