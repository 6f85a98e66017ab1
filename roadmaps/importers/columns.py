"""Столбцы таблицы: что в каком столбце — по заголовку (синонимы) и по содержимому.

Заголовок узнаётся по словам («Задачи», «Сроки реализации», «Исполнитель»…); столбец без узнаваемого
заголовка (или таблица совсем без заголовка) ставится по содержимому: сколько ячеек читаются как сроки,
как номера пунктов, как названия организаций и людей, какой длины текст. Каждое решение помнит, как
оно принято (``by``), — предпросмотр показывает столбцы, поставленные только по содержимому.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from roadmaps.importers.cells import fold, is_number, one_line, split_numbered
from roadmaps.periods import ParsedPeriod, PeriodKind, parse_period

PROFILE_SAMPLE = 60  # для распознавания столбца по содержимому хватает 60 ячеек, равномерно по таблице


@lru_cache(maxsize=8192)
def period_of(text: str, year: int) -> ParsedPeriod:
    """Разбор срока с памятью: один и тот же срок в конвейере разбирается не раз (столбцы, проверки, JSON)."""
    return parse_period(text, year)


NUMBER, DESCRIPTION, PERIOD, INDICATOR, RESPONSIBLE, LINKS, SKIP = (
    "number", "description", "period", "indicator", "responsible", "links", "",
)  # fmt: skip
FIELDS = (NUMBER, DESCRIPTION, PERIOD, INDICATOR, RESPONSIBLE, LINKS)
FIELD_LABELS = {
    NUMBER: "№ пункта",
    DESCRIPTION: "Описание действий",
    PERIOD: "Срок",
    INDICATOR: "Показатель",
    RESPONSIBLE: "Ответственные",
    LINKS: "Информационное сопровождение, ссылки",
    SKIP: "не загружать",
}
BY_HEADER, BY_CONTENT, BY_USER = "header", "content", "user"

# Столбцы выгрузки самого приложения, которые в мероприятие не загружаются (исполнение, цель, факт).
_SKIP_EXACT = {
    "начало", "окончание", "вид цели", "цель", "факт", "отметка о выполнении", "дата выполнения",
    "комментарий об исполнении", "исполнение", "состояние",
}  # fmt: skip
_SYNONYMS = (  # порядок важен: «Срок (период) выполнения отдельного действия» — срок, а не описание
    (LINKS, ("информационн", "сопровожден", "ссылк", "публикац")),
    (RESPONSIBLE, ("ответствен", "исполнител", "соисполнител")),
    (PERIOD, ("срок", "дата", "период", "когда")),
    (INDICATOR, ("показател", "результат", "индикатор", "эффект")),
    (DESCRIPTION, ("описание", "мероприят", "действ", "наименован", "задач", "содержан", "направлени")),
)
_PERSON = re.compile(
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+"
)
_ACRONYM = re.compile(r"(?<![\w])[А-ЯЁ]{2,7}(?![\w])")
_ROLE_WORDS = (
    "координатор", "руководител", "директор", "управлени", "отдел", "департамент", "министерств",
    "куратор", "администрац", "комитет", "специалист", "методист", "заместител", "учреждени",
)  # fmt: skip
_OUTCOME = re.compile(r"\b\w{3,}(?:ован|ован[аоы]|ен[аоы]|ны|ено|ена)\b|\bдоля\b|\bналичие\b|%")
_URL = re.compile(r"https?://|www\.|\.ru\b|сайт", re.IGNORECASE)
_ACTION = re.compile(r"[«\"]?[А-ЯЁа-яё]+(?:ние|ция|ка|тие|ание|ение|ирование|отбор|анализ|мониторинг)\b")
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")


def header_field(text: str) -> str | None:
    """Поле по заголовку столбца; None — заголовок не узнан; SKIP — известный, но не загружаемый."""
    key = fold(one_line(text)).strip(" .:")
    if not key:
        return None
    if key in _SKIP_EXACT:
        return SKIP
    if len(key) <= 12 and ("№" in key or "п/п" in key or key in ("номер", "n", "no", "#")):
        return NUMBER
    for field, words in _SYNONYMS:
        if any(word in key for word in words):
            return field
    return None


def looks_like_period(text: str, year: int) -> bool:
    text = one_line(text)
    if not text or len(text) > 120:
        return False
    return bool(_DOTTED_DATE.search(text)) or period_of(text, year).kind != PeriodKind.UNPARSED


def looks_like_responsible(text: str, organisation_names: list[str]) -> bool:
    text = one_line(text)
    if not text or len(text) > 400:
        return False
    key = fold(text)
    if any(name and name in key for name in organisation_names):
        return True
    if _OUTCOME.search(key):  # «Назначены координаторы», «Доля ОО…» — это показатель, а не исполнитель
        return False
    if _PERSON.search(text) or any(word in key for word in _ROLE_WORDS):
        return True
    acronyms = _ACRONYM.findall(text)
    return bool(acronyms) and len(text) < 80


@dataclass
class ColumnGuess:
    index: int
    header: str  # заголовок в файле («» — нет)
    field: str  # одно из FIELDS или SKIP
    by: str  # BY_HEADER / BY_CONTENT / BY_USER
    period_share: float = 0.0  # доля ячеек, прочитанных как срок (для столбца сроков)
    filled: int = 0

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class _Profile:
    filled: int
    period: float
    number: float
    responsible: float
    links: float
    length: float
    action: float = 0.0  # доля ячеек, начинающихся с «Проведение», «Организация», «Разработка»…


def _profile(values: list[str], year: int, organisation_names: list[str]) -> _Profile:
    cells = [v for v in values if v.strip()]
    if len(cells) > PROFILE_SAMPLE:
        step = len(cells) / PROFILE_SAMPLE
        cells = [cells[int(i * step)] for i in range(PROFILE_SAMPLE)]
    if not cells:
        return _Profile(0, 0, 0, 0, 0, 0)
    total = len(cells)
    return _Profile(
        filled=total,
        period=sum(looks_like_period(v, year) for v in cells) / total,
        number=sum(is_number(v) or bool(split_numbered(v) and len(v) < 8) for v in cells) / total,
        responsible=sum(looks_like_responsible(v, organisation_names) for v in cells) / total,
        links=sum(bool(_URL.search(v)) for v in cells) / total,
        length=sum(len(v) for v in cells) / total,
        action=sum(bool(_ACTION.match(split_numbered(v)[1] if split_numbered(v) else v)) for v in cells)
        / total,
    )


def detect_columns(
    headers: list[str],
    columns: list[list[str]],
    *,
    year: int,
    organisation_names: list[str] = (),
    mapping: dict[int, str] | None = None,
) -> list[ColumnGuess]:
    """``headers`` — заголовки (или «»), ``columns`` — значения тела таблицы по столбцам; ``mapping`` —
    выбор человека (номер столбца → поле), он главнее всего остального."""
    names = [fold(name) for name in organisation_names if name and len(name) >= 3]
    profiles = [_profile(values, year, names) for values in columns]
    guesses: list[ColumnGuess] = []
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = header_field(header)
        guess = ColumnGuess(index, header, SKIP, BY_HEADER, profiles[index].period, profiles[index].filled)
        if mapping and index in mapping:
            guess.field, guess.by = mapping[index], BY_USER
        elif field is not None and (field == SKIP or field not in taken):
            guess.field = field
        else:
            guess.by = BY_CONTENT
        if guess.field and guess.by != BY_CONTENT:
            taken.add(guess.field)
        guesses.append(guess)

    undecided = [g for g in guesses if g.by == BY_CONTENT and profiles[g.index].filled]

    def free(min_length: float = 0) -> list[ColumnGuess]:
        return [g for g in undecided if not g.field and profiles[g.index].length >= min_length]

    def place(field: str, candidates: list[ColumnGuess], score) -> None:
        if field not in taken and candidates:
            best = max(candidates, key=lambda g: (score(profiles[g.index]), -g.index))
            best.field = field
            taken.add(field)

    place(
        NUMBER,
        [g for g in free() if profiles[g.index].number >= 0.6 and profiles[g.index].length < 10],
        lambda p: p.number,
    )
    place(
        PERIOD,
        [g for g in free() if profiles[g.index].period >= 0.5 and profiles[g.index].length < 80],
        lambda p: p.period,
    )
    place(LINKS, [g for g in free() if profiles[g.index].links >= 0.5], lambda p: p.links)
    # Описание начинается с отглагольного существительного («Проведение…»); нет такого — левый текст.
    texts = free(8)
    if any(profiles[g.index].action >= 0.2 for g in texts):
        place(DESCRIPTION, texts, lambda p: p.action)
    else:
        place(DESCRIPTION, texts[:1], lambda p: 0)
    place(
        RESPONSIBLE,
        [g for g in free() if profiles[g.index].responsible >= 0.5 and profiles[g.index].length < 250],
        lambda p: p.responsible,
    )
    place(INDICATOR, free(8)[:1], lambda p: 0)
    return guesses
