"""Ячейка «Ответственные» → организации региона и то, что ни с чем не совпало.

``match_responsibles(text, organisations)`` — чистая функция: организации — любые объекты с
``short_name``, ``full_name`` и ``alias_list`` (модель Organisation или её подобие в тесте).

Правила:
- сравнение без учёта регистра, «ё» = «е», кавычки «» “” " и тире – — - не различаются, пробелы
  между словами — любые;
- сначала ищутся самые длинные названия («ГБУ ВО РИАЦОКО» раньше «РИАЦОКО»), найденное место
  второй раз не используется;
- совпадение — только целым словом: «ОО» не находится внутри «МОУО», «ДО» — внутри «ДОУ»;
- «Полное название (далее – СОКР)»: если сокращение известно, всё название перед скобкой — та же
  организация, даже если написано иначе, чем в справочнике (документ сам так определил);
- остаток (имя человека, неизвестный отдел) возвращается как текст, без лишних пробелов и знаков.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar


class NamedOrganisation(Protocol):
    short_name: str
    full_name: str

    @property
    def alias_list(self) -> list[str]: ...


Org = TypeVar("Org", bound=NamedOrganisation)

# Знаки, которые пишут по-разному, сводятся к одному — строка при этом не меняет длину, поэтому
# позиции совпадений в «сложенном» тексте совпадают с позициями в исходном.
_SAME_SIGN = str.maketrans(
    {"ё": "е", "Ё": "Е", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‑": "-",
     "\u00a0": " "}
)  # fmt: skip
_DEFINITION = re.compile(r"\(\s*далее\s*[-:]?\s*([^()]*?)\s*\)")  # «(далее – ОО)», «(далее-ДО)»
_LIST_SEPARATORS = ",;\n"


def _fold(text: str) -> str:
    folded = []
    for char in text.translate(_SAME_SIGN):
        lower = char.lower()
        folded.append(lower if len(lower) == 1 else char)  # «İ».lower() длиннее — оставляем как есть
    return "".join(folded)


@lru_cache(maxsize=8192)  # названия организаций повторяются от ячейки к ячейке: собираем шаблон один раз
def _pattern(name: str) -> re.Pattern | None:
    words = _fold(name).split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    start = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    end = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(start + body + end)


def _names(organisation: NamedOrganisation) -> list[str]:
    names = [organisation.short_name, organisation.full_name, *organisation.alias_list]
    return [name.strip() for name in names if name and name.strip()]


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int, object]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end, _ in taken)


def match_responsibles(text: str, organisations: Sequence[Org]) -> tuple[list[Org], str]:
    """Организации из ячейки (в порядке упоминания, без повторов) и остаток ячейки."""
    if not text or not text.strip():
        return [], ""
    folded = _fold(text)
    candidates = sorted(
        ((name, organisation) for organisation in organisations for name in _names(organisation)),
        key=lambda pair: -len(pair[0]),
    )
    taken: list[tuple[int, int, Org]] = []
    for name, organisation in candidates:
        pattern = _pattern(name)
        for match in pattern.finditer(folded) if pattern else ():
            if not _overlaps(match.span(), taken):
                taken.append((match.start(), match.end(), organisation))

    taken = _absorb_definitions(folded, taken)
    taken.sort(key=lambda span: span[0])
    matched: list[Org] = []
    for _, _, organisation in taken:
        if organisation not in matched:
            matched.append(organisation)
    return matched, _rest(text, taken)


def _absorb_definitions(folded: str, taken: list) -> list:
    """«Государственное бюджетное учреждение … (далее-ГБУ ВО РИАЦОКО)»: сокращение в скобках найдено —
    значит и название перед скобкой (до предыдущей найденной организации или запятой) — та же организация."""
    for definition in _DEFINITION.finditer(folded):
        inside = [span for span in taken if definition.start() <= span[0] and span[1] <= definition.end()]
        if len({id(organisation) for _, _, organisation in inside}) != 1:
            continue
        organisation = inside[0][2]
        start = max(
            [end for _, end, _ in taken if end <= definition.start()]
            + [folded.rfind(separator, 0, definition.start()) + 1 for separator in _LIST_SEPARATORS]
            + [0]
        )
        taken = [span for span in taken if span not in inside]
        taken.append((start, definition.end(), organisation))
    return taken


def _rest(text: str, taken: list) -> str:
    kept, position = [], 0
    for start, end, _ in sorted(taken, key=lambda span: span[0]):
        kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    rest = " ".join(kept)
    rest = re.sub(r"\(\s*\)", " ", rest)
    rest = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", rest)  # «, ,» от вынутых названий → «,»
    rest = re.sub(r"\s+([,;.])", r"\1", re.sub(r"\s+", " ", rest))
    rest = rest.strip(" ,;-–—")
    return rest if re.search(r"\w", rest) else ""  # от «МОУО.» остаётся только точка — это не остаток
