"""Ячейки таблиц, вынутых из Word/HTML в текст: разбор строк на ячейки, склейка перенесённых строк,
HTML ячейки в текст, номера пунктов, заголовок документа (уровень, год, даты словами).

Чистый Python. Общие для всех разметок правила живут здесь, особенности разметок — в ``layouts/``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from roadmaps.importers.drafts import MUNICIPAL, REGIONAL, SCHOOL

# --- Строки и ячейки -------------------------------------------------------------------------------


@dataclass
class Cell:
    """Ячейка таблицы: первая строка начинается с табуляции, следующие (без неё) — продолжение ячейки."""

    parts: list[str]
    line_no: int
    blank_lines_before: int = 0  # пустые строки между ячейкой и тем, что было до неё
    paragraph_before: list[bool] = field(default_factory=list)  # у каждой строки: была ли перед ней пустая

    def __post_init__(self):
        if not self.paragraph_before:
            self.paragraph_before = [False] * len(self.parts)

    def add(self, part: str, *, after_blank: bool) -> None:
        self.parts.append(part)
        self.paragraph_before.append(after_blank)

    def text(self) -> str:
        return join_wrapped(self.parts, self.paragraph_before)

    def period(self) -> str:
        return join_wrapped(self.parts, self.paragraph_before, keep_breaks=False)

    def compact(self) -> str:
        """Склейка без пробелов: номер «1.» + «1» → «1.1»."""
        return "".join(squeeze(part) for part in self.parts)


@dataclass
class FreeLine:
    """Строка вне таблицы: заголовок документа, подпись к таблице, сноска."""

    text: str
    line_no: int
    blank_lines_before: int = 0


def tokenize(lines: list[str], *, blank_line_continues_cell: bool) -> list[Cell | FreeLine]:
    """Файл, где каждая ячейка начинается с новой строки с табуляцией. Строка без табуляции продолжает
    ячейку (ячейка Word разбита на строки); после пустой строки — тоже, если так принято в разметке,
    иначе это текст вне таблицы (сноска, подпись)."""
    tokens: list[Cell | FreeLine] = []
    blanks = 0
    current: Cell | None = None
    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() and not line.startswith("\t"):  # строка из одной табуляции — пустая ячейка
            blanks += 1
            continue
        if line.startswith("\t"):
            for index, piece in enumerate(line[1:].split("\t")):
                current = Cell([piece], line_no, blank_lines_before=blanks if index == 0 else 0)
                tokens.append(current)
        elif current is not None and (blanks == 0 or blank_line_continues_cell):
            current.add(line, after_blank=blanks > 0)
        else:
            tokens.append(FreeLine(squeeze(line), line_no, blank_lines_before=blanks))
            current = None
        blanks = 0
    return tokens


# --- Склейка текста ------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_SENTENCE_END = re.compile(r"[.!?:;]$")
_WORD_HYPHEN_END = re.compile(r"[^\W\d_]-$")  # «январь-» в конце строки: перенос внутри «январь-февраль»
_BULLETS = ("-", "–", "—", "•", "·")


def squeeze(text: str) -> str:
    """Пробелы подряд (выравнивание Word, неразрывные) → один пробел; края обрезаны."""
    return _SPACES.sub(" ", text).strip()


def _starts_new_line(line: str) -> bool:
    return line[:1].isupper() or line.startswith(_BULLETS)


def join_wrapped(parts: list[str], paragraph_before: list[bool] | None = None, *, keep_breaks=True) -> str:
    """Строки одной ячейки → текст. Word переносит строки по ширине столбца, и такой перенос — просто
    пробел. Перевод строки сохраняется (если ``keep_breaks``), где в ячейке явно новый абзац: перед ним
    пустая строка, или прежняя строка кончилась точкой/двоеточием, а новая начинается с заглавной или
    с маркера списка. Перенос после «январь-» склеивается без пробела: «январь-февраль»."""
    paragraph_before = paragraph_before or [False] * len(parts)
    text = ""
    for part, after_blank in zip(parts, paragraph_before, strict=False):
        line = squeeze(part)
        if not line:
            continue
        if not text:
            text = line
        elif keep_breaks and (after_blank or (_SENTENCE_END.search(text) and _starts_new_line(line))):
            text += "\n" + line
        elif _WORD_HYPHEN_END.search(text):
            text += line
        else:
            text += " " + line
    return text


def one_line(text: str) -> str:
    return squeeze(text.replace("\n", " "))


# --- HTML в ячейках --------------------------------------------------------------------------------

_BREAK_TAG = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_LIST_ITEM_TAG = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|ul|ol|li|tr|td|th|h[1-6])\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")
_LIST_MARK = "\x00"  # временная метка начала пункта списка: сам маркер «- » ставится после очистки


def html_to_text(raw: str) -> str:
    """HTML ячейки → текст: абзацы <p> и пункты <li> — отдельные строки; пункт без своего маркера
    получает «- », чтобы список остался списком; остальные теги убраны, сущности раскрыты."""
    if "<" not in raw and "&" not in raw:
        return squeeze(raw)
    text = _BREAK_TAG.sub("\n", raw)
    text = _LIST_ITEM_TAG.sub("\n" + _LIST_MARK, text)
    text = _BLOCK_TAG.sub("\n", text)
    text = html.unescape(_ANY_TAG.sub("", text))
    lines = []
    for line in text.split("\n"):
        is_list_item = _LIST_MARK in line
        line = squeeze(line.replace(_LIST_MARK, ""))
        if not line:
            continue
        if is_list_item and not line.startswith(_BULLETS):
            line = "- " + line
        lines.append(line)
    return "\n".join(lines)


# --- Номера пунктов ------------------------------------------------------------------------------

# «1.», «1.13.», «4,1.»: части без ведущего нуля (у дат он есть: «01.03.»), каждая с точкой (или
# запятой-опечаткой) — так «1.17.1-ый вебинар» читается как пункт 1.17 с текстом «1-ый вебинар»,
# а «2.3. 4 обучающих вебинара» — как пункт 2.3. Сноска «1 Далее - …» (без точки) — не номер.
_LEADING_NUMBER = re.compile(r"^((?:[1-9]\d?[.,])*[1-9]\d?)[.,]\s*")
_LETTER = re.compile(r"[^\W\d_]")


def normalise_number(number: str) -> str:
    """«4,1.» → «4.1», «3.2.» → «3.2»: номер как написан, без пробелов, концевой точки и запятых-опечаток."""
    return re.sub(r"\s+", "", number).replace(",", ".").strip(".")


def split_numbered(text: str) -> tuple[str, str] | None:
    """«1.3.Установочное совещание» → («1.3», «Установочное совещание»); None, если в начале не номер
    или после номера нет слов (дата «15.11.2021», номер столбца «1»)."""
    match = _LEADING_NUMBER.match(text)
    if not match:
        return None
    rest = text[match.end() :]
    if not _LETTER.search(rest[:40]):
        return None
    return normalise_number(match.group(1)), rest.strip()


def is_number(text: str) -> bool:
    """Ячейка «№» с одним номером: «1.1», «3.2.», «4,1.», «12.»."""
    return bool(re.fullmatch(r"\d{1,2}(?:\s*[.,]\s*\d{1,2})*\s*[.,]?", text.strip()))


def number_depth(number: str) -> int:
    return len([part for part in number.split(".") if part])


# --- Заголовок документа -------------------------------------------------------------------------

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_WORD_DATE = re.compile(
    r"«?\s*(\d{1,2})\s*»?\s+(" + "|".join(MONTHS_GENITIVE) + r")\s+(\d{4})", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")
_TITLE_YEAR = re.compile(r"(?:на|в)\s+(20\d\d)\s*(?:-?м\s+)?(?:год|г\b|г\.|учебн)", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def find_date(text: str) -> date | None:
    """Первая дата в тексте: «22» марта 2021 г. или 22.03.2021. Несуществующая дата — None."""
    match = _WORD_DATE.search(text)
    if match:
        day, month, year = int(match.group(1)), MONTHS_GENITIVE.index(match.group(2).lower()) + 1, match[3]
    elif match := _NUMERIC_DATE.search(text):
        day, month, year = int(match.group(1)), int(match.group(2)), match[3]
    else:
        return None
    try:
        return date(int(year), month, day)
    except ValueError:
        return None


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def detect_level(title: str) -> str | None:
    """Уровень карты по заголовку: какое из слов встретилось первым."""
    key = fold(title)
    found = [
        (position, level)
        for stem, level in (("муниципальн", MUNICIPAL), ("регионал", REGIONAL), ("школ", SCHOOL))
        if (position := key.find(stem)) >= 0
    ]
    return min(found)[1] if found else None


def detect_year(title: str, *, fallback_date: date | None, period_texts: list[str]) -> int | None:
    """Год карты: из заголовка («на 2022 год», «в 2021 году»), иначе год утверждающего документа,
    иначе год, что чаще всего встречается в сроках мероприятий."""
    if match := _TITLE_YEAR.search(title):
        return int(match.group(1))
    if fallback_date is not None:
        return fallback_date.year
    years = Counter(int(year) for text in period_texts for year in _ANY_YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def strip_footnote_marks(text: str, marks: list[str]) -> str:
    """Знак сноски, приклеенный к слову: «помощи 500+1 (на 2022 год)» → «помощи 500+ (на 2022 год)»."""
    if not marks:
        return text
    pattern = r"(?<=[^\s\d])(?:" + "|".join(re.escape(mark) for mark in marks) + r")(?=[\s(,.;:]|$)"
    return re.sub(pattern, "", text)


# --- Столбцы по заголовку таблицы ------------------------------------------------------------------

NUMBER, DESCRIPTION, PERIOD, INDICATOR, RESPONSIBLE = (
    "number",
    "description",
    "period",
    "indicator",
    "responsible",
)
PERSON, WORKPLACE, POSITION = "person", "workplace", "position"

_COLUMN_WORDS = (
    (PERSON, ("фио", "ф.и.о")),
    (WORKPLACE, ("место работы",)),
    (POSITION, ("должност",)),
    (RESPONSIBLE, ("ответствен", "исполнител")),
    (INDICATOR, ("показател", "результат")),
    (PERIOD, ("срок", "дата", "период")),
    (DESCRIPTION, ("описание", "мероприят", "действ", "наименован")),
    (NUMBER, ("№", "п/п", "номер")),
)


def column_role(header: str) -> str | None:
    """Что за столбец, по его заголовку: «Дата реализации» → PERIOD, «№ п/п» → NUMBER."""
    key = fold(one_line(header))
    for role, words in _COLUMN_WORDS:
        if any(word in key for word in words):
            return role
    return None
