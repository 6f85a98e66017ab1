"""Русские формы числа в сообщениях, которые собирает Python (сообщения форм и служб, письма,
уведомления, вывод команд): число рядом с существительным идёт только через ru_count/ru_plural.

Проверка по дереву исходников (AST): в f-строке за подстановкой не может сразу стоять
существительное из списка считаемых слов, в шаблоне для .format() — за «{имя}»; новое сообщение
вида f"{n} строк" уронит тест. Формы самих слов проверены на 1, 2, 5, 11, 21, 22, 25.
"""

import ast
import re
from pathlib import Path

import pytest

from config import plural
from config.plural import ru_count

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "static", "templates", "media", ".git"}
# Слова, которые считают: после числа нужна форма по числу (год/году — название, не счёт).
COUNTED = re.compile(
    r"^\s+(мероприяти|строк|знак|попыт|част[еи]|файл|страниц|раза?\b|дн[яе]|день|байт|пункт|направлен"
    r"|прогон|муниципалитет|школ|раздел|посещени|документ|уведомлени|напоминани|человек\b|пользовател"
    r"|ошиб|минут|секунд|час(а|ов)?\b|запрос|регион|организаци|версии|верси[йя])",
)
FORMAT_TEMPLATE = re.compile(r"\{\w*\}(\s+\S+)")
# Подстановки-названия, не числа: «{prefix} карта» — «Регион: карта», «{level} дорожная карта».
NAMES = re.compile(r"(prefix|label|title|name|owner|level|adjective|kind|who|role|region|school|str\()")


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if not parts & SKIP_DIRS:
            yield path


def _number_noun_spots(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for value, after in zip(node.values, node.values[1:], strict=False):
                if not (isinstance(value, ast.FormattedValue) and isinstance(after, ast.Constant)):
                    continue
                expression = ast.unparse(value.value)
                glued = isinstance(after.value, str) and COUNTED.match(after.value)
                # С форматом дроби ({rps:.1f} запросов/с) — единица измерения, а не счёт.
                if glued and value.format_spec is None and not NAMES.search(expression):
                    yield node.lineno, f"{{{expression}}}{after.value[:30]}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in FORMAT_TEMPLATE.finditer(node.value):
                if COUNTED.match(match.group(1)):
                    yield node.lineno, match.group(0)


def test_no_number_is_glued_to_a_noun_in_python_messages():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {snippet}"
        for path in _sources()
        for line, snippet in _number_noun_spots(path)
    ]
    assert found == [], "число и существительное без ru_count/ru_plural:\n" + "\n".join(found)


def test_the_check_sees_a_glued_noun(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('n = 5\nA = f"Загружено {n} строк"\nB = "после {attempts} попыток"\nC = f"{n} год"\n')
    assert [snippet for _, snippet in _number_noun_spots(bad)] == ["{n} строк", "{attempts} попыток"]


EXPECTED = {
    "ROWS": {1: "1 строка", 2: "2 строки", 5: "5 строк", 11: "11 строк", 21: "21 строка", 22: "22 строки"},
    "ROWS_GEN": {1: "1 строки", 2: "2 строк", 5: "5 строк", 21: "21 строки", 25: "25 строк"},
    "CHARS": {1: "1 знак", 2: "2 знака", 5: "5 знаков", 21: "21 знак", 22: "22 знака"},
    "CHARS_GEN": {1: "1 знака", 2: "2 знаков", 5: "5 знаков", 21: "21 знака"},
    "ITEMS": {1: "1 мероприятие", 2: "2 мероприятия", 5: "5 мероприятий", 21: "21 мероприятие"},
    "ITEMS_GEN": {1: "1 мероприятия", 2: "2 мероприятий", 5: "5 мероприятий", 21: "21 мероприятия"},
    "DAYS": {1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 21: "21 день", 22: "22 дня"},
    "TIMES": {1: "1 раз", 2: "2 раза", 5: "5 раз", 12: "12 раз", 21: "21 раз", 22: "22 раза"},
    "ATTEMPTS_GEN": {1: "1 попытки", 2: "2 попыток", 5: "5 попыток", 21: "21 попытки"},
    "PAGES_GEN": {1: "1 страницы", 2: "2 страниц", 5: "5 страниц", 21: "21 страницы"},
    "FILES_GEN": {1: "1 файла", 2: "2 файлов", 5: "5 файлов", 21: "21 файла"},
    "BYTES": {1: "1 байт", 2: "2 байта", 5: "5 байт", 21: "21 байт", 1024: "1024 байта"},
    "MUNICIPALITIES": {
        1: "1 муниципалитет",
        2: "2 муниципалитета",
        5: "5 муниципалитетов",
        21: "21 муниципалитет",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_noun_reads_right_with_1_2_5_21(name):
    forms = getattr(plural, name)
    assert {n: ru_count(n, *forms) for n in EXPECTED[name]} == EXPECTED[name]


def test_job_gave_up_message_agrees_with_the_number_of_attempts():
    from jobs.services import GAVE_UP_MESSAGE

    for attempts, words in ((1, "1 попытки"), (2, "2 попыток"), (5, "5 попыток"), (21, "21 попытки")):
        message = GAVE_UP_MESSAGE.format(attempts=ru_count(attempts, *plural.ATTEMPTS_GEN))
        assert f"после {words}." in message


def test_import_confirmation_agrees_with_the_numbers():
    from roadmaps.services.imports import confirmations_needed

    class Draft:
        row_warnings, numbering_problems = [], []

        def __init__(self, count):
            self.items = [type("I", (), {"source_number": ""})() for _ in range(count)]

    class Target:
        def __init__(self, existing):
            self.items = FakeItems(existing)

    class FakeItems:
        def __init__(self, n):
            self.n = n

        def count(self):
            return self.n

        def values_list(self, *args, **kwargs):
            return []

    for existing, words in (
        (1, "1 мероприятие"),
        (2, "2 мероприятия"),
        (5, "5 мероприятий"),
        (21, "21 мероприятие"),
    ):
        (message,) = confirmations_needed(Draft(0), mode="replace", target=Target(existing))
        assert message.startswith(f"В карте сейчас {words}, а в файле 0")
