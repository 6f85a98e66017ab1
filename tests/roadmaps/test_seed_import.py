"""Чтение трёх настоящих дорожных карт (fixtures/seeds) в черновик — чистый Python, без базы.
Числа разделов и мероприятий посчитаны по файлам вручную:
Пермь — 4 раздела, 20 + 8 + 5 + 4 = 37 мероприятий (1.12 в документе нет);
Владимир — без разделов, пункты 1–34;
Мышкин — 6 разделов, 9 + 8 + 4 + 8 + 4 + 3 = 36 мероприятий (20 без номера).
Загрузка в базу — в test_seed_load.py.
"""

import contextlib
import hashlib
import random
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from roadmaps.importers import ImportFormatError, ItemDraft, MapDraft, read_seed, read_text
from roadmaps.periods import parse_period
from tests.roadmaps.seed_periods import MYSHKIN_CELLS, PERM_CELLS, VLADIMIR_CELLS

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
PERM_FILE, VLADIMIR_FILE, MYSHKIN_FILE = (
    "perm-regional-2021.txt",
    "vladimir-regional-2021.txt",
    "myshkin-municipal-2022.txt",
)


@pytest.fixture(scope="module")
def perm() -> MapDraft:
    return read_seed(SEEDS / PERM_FILE)


@pytest.fixture(scope="module")
def vladimir() -> MapDraft:
    return read_seed(SEEDS / VLADIMIR_FILE)


@pytest.fixture(scope="module")
def myshkin() -> MapDraft:
    return read_seed(SEEDS / MYSHKIN_FILE)


def by_number(draft: MapDraft, number: str) -> ItemDraft:
    [item] = [item for item in draft.items if item.source_number == number]
    return item


# --- Пермь: срок в первом столбце, номер приклеен к тексту ------------------------------------------


def test_perm_map_header_sections_and_items(perm):
    assert (perm.level, perm.year, perm.owner_name) == ("regional", 2021, "Пермский край")
    assert perm.title == "Региональная дорожная карта мероприятий по проекту «500+» в 2021 году"
    assert [(s.source_number, s.period_text) for s in perm.sections] == [
        ("1", "Январь-март 2021"),
        ("2", "Март-май 2021"),
        ("3", "Июнь-ноябрь 2021"),
        ("4", "Ноябрь-декабрь 2021"),
    ]
    assert [s.title for s in perm.sections] == [
        "Подготовительный этап",
        "Формирование программ развития и дорожных карт по реализации необходимых мер в отобранных школах",
        "Мониторинг хода проекта, включая оценку качества и результативности принимаемых мер",
        "Анализ результатов деятельности ОО в проекте «500+»",
    ]
    assert perm.sections[0].note == (
        "Письмо ФИС ОКО о начале реализации проекта и назначении региональных координаторов проекта 500+"
    )
    assert [len(s.items) for s in perm.sections] == [20, 8, 5, 4]
    assert perm.warnings == []


def test_perm_keeps_numbers_as_written_including_the_gap(perm):
    numbers = [item.source_number for item in perm.sections[0].items]
    assert numbers[9:12] == ["1.10", "1.11", "1.13"]
    assert "1.12" not in numbers


def test_perm_first_last_and_tricky_items(perm):
    assert perm.items[0] == ItemDraft(
        source_number="1.1",
        description="Создание нормативно-правовой базы по реализации федерального проекта «500+» в Пермском "
        "крае в 2021году (соглашение с ФЦОМОФВ)",
        period_text="25-29.01.2021",
        indicator="Нормативно-правовая база по реализации федерального проекта в Пермском крае сформирована",
    )
    last = perm.items[-1]
    assert (last.source_number, last.period_text) == ("4.4", "20.12.2021")
    # Последняя строка ячейки («на 2021- 2023 годы») — продолжение той же фразы: через пробел.
    assert last.indicator.endswith("в неблагоприятных социальных условиях в Пермском крае на 2021- 2023 годы")
    # Номер отделён от текста, который сам начинается с цифры.
    assert by_number(perm, "1.17").description.startswith("1-ый вебинар для кураторов")
    assert by_number(perm, "2.3").description.startswith("4 обучающих вебинара")
    # Ячейка с пустой строкой внутри: два абзаца.
    assert by_number(perm, "2.1").indicator == (
        "Доля ОО из числа включенных в проект, посещенных кураторами;\n"
        "доля ОО, определившихся с РПШ и активировавших рисковые направления в МЭДК"
    )
    assert by_number(perm, "1.2").period_text == "22.01.01.2021"  # опечатка документа — как написано


# --- Владимир: распоряжение, строки таблицы с HTML ----------------------------------------------------


def test_vladimir_order_and_deadline_for_municipal_maps(vladimir):
    assert (vladimir.level, vladimir.year) == ("regional", 2021)
    assert vladimir.title == (
        "План-график (дорожная карта) региональных мероприятий по проекту адресной методической помощи 500+"
    )
    assert vladimir.approval_document == "распоряжение № 269 от 22.03.2021"
    assert (vladimir.approval_number, str(vladimir.approval_date)) == ("269", "2021-03-22")
    assert str(vladimir.municipal_deadline) == "2021-04-02"
    assert vladimir.real_sections == [] and len(vladimir.sections) == 1  # мероприятия вне разделов
    assert [item.source_number for item in vladimir.items] == [str(n) for n in range(1, 35)]
    assert vladimir.warnings == []


def test_vladimir_html_list_becomes_lines_with_bullets(vladimir):
    first = vladimir.items[0]
    assert first.description == (
        "Разработка документов, регламентирующих реализацию проекта:\n"
        "- распоряжение Департамента образования Владимирской области об утверждении списка региональных "
        "координаторов проекта;\n"
        "- распоряжение Департамента образования Владимирской области об утверждении перечня образовательных "
        "организаций – участников проекта; муниципальных координаторов, кураторов школ-участников;\n"
        "- распоряжение Департамента образования Владимирской области об утверждении дорожной карты"
    )
    assert first.period_text == "до 22.01.2021 до 08.02.2021 до 22.03.2021"  # срок — в одну строку
    assert first.responsible_text == "Департамент образования Владимирской области (далее-ДО)"


def test_vladimir_cells_continued_on_the_next_line_are_joined(vladimir):
    third = by_number(vladimir, "3")
    assert third.indicator == (
        "Распоряжение ДО об утверждении перечня образовательных организаций – участников проекта; списка "
        "муниципальных координаторов. Загрузка формы на портал ФИСОКО"
    )
    responsible = third.responsible_text
    assert responsible.startswith("Государственное бюджетное учреждение Владимирской области «Региональный")
    assert "оценки качества образования» (далее-ГБУ ВО РИАЦОКО) Государственное автономное" in responsible
    assert responsible.endswith("имени Л.И. Новиковой (далее-ВИРО)")
    assert by_number(vladimir, "14").indicator.endswith(
        "(далее-ИС МЭДК) активированы рисковые направления школ"
    )
    assert by_number(vladimir, "21").description.endswith("в неблагоприятных социальных условиях")
    assert by_number(vladimir, "34").indicator.endswith(
        "даны рекомендации по принятию управленческих решений в отношении школ с низкими образовательными "
        "результатами"
    )
    assert by_number(vladimir, "15").responsible_text == "До ВРО"  # ячейка «Ответственные» разбита на две


# --- Мышкин: номер по строкам, повторы заголовка, сноски, рабочая группа ------------------------------


def test_myshkin_title_without_footnote_marks_and_sections(myshkin):
    assert (myshkin.level, myshkin.year) == ("municipal", 2022)
    assert myshkin.title == (
        "Муниципальная дорожная карта реализации проекта Адресной методической помощи 500+ (на 2022 год)"
    )
    assert [(s.source_number, s.title) for s in myshkin.sections] == [
        ("1", "Организационное сопровождение проекта"),
        ("2", "Информационное сопровождение Проекта 500+"),
        ("3", "Методическое сопровождение Проекта 500+"),
        ("4", "Проведение дополнительных мониторинговых исследований/экспертиз"),
        ("5", "Наличие муниципальных практик по реализации проекта 500+"),
        ("6", "Проведение образовательных мероприятий/вовлечение системы ДПО"),
    ]
    assert [len(s.items) for s in myshkin.sections] == [9, 8, 4, 8, 4, 3]


def test_myshkin_numbers_split_over_lines_are_joined_and_unnumbered_items_kept(myshkin):
    numbers = [[item.source_number for item in s.items] for s in myshkin.sections]
    assert numbers[0] == ["1.1", "1.2", "1.3", "1.4", "1.7", "1.8", "", "", ""]
    assert numbers[3] == ["", "", "", "", "", "3.2", "3.3", "3.4"]  # так в документе: 3.x в разделе 4
    assert numbers[4] == ["4.1", "4.3", "4.4", ""]  # «4,» + «1.» — запятая-опечатка
    assert sum(1 for item in myshkin.items if not item.source_number) == 20


def test_myshkin_multiline_cells(myshkin):
    item = by_number(myshkin, "1.2")
    assert item.period_text == "январь-февраль 2022"
    assert item.description == (
        "Отбор и назначение кураторов для реализации экспертной и консультационной поддержки школ- участниц "
        "Проекта 500+"
    )
    sites = myshkin.sections[1].items[5]
    assert sites.indicator == (
        "Созданы разделы «500+» на сайтах всех ОО, участвующих в Проекте.\n"
        "Систематическое освещение этапов работы над Проектом 500+"
    )
    assert myshkin.items[-1] == ItemDraft(
        source_number="6.3",
        description="Повышение квалификации педагогов образовательных организаций Мышкинского МР с низкими "
        "образовательными результатами обучения и школ, функционирующих в сложных социальных условиях.",
        period_text="Сентябрь 2022",
        indicator="Сформированы списки учителей ШНОР на 2022 -2023 учебный год для повышения квалификации",
    )
    assert all(item.responsible_text == "" for item in myshkin.items)  # графы «Ответственные» в карте нет


def test_myshkin_footnotes_headers_and_working_group_are_not_items(myshkin):
    texts = [item.description for item in myshkin.items]
    assert not [t for t in texts if t.startswith(("Далее", "Принятые сокращения", "Описание действий", "№"))]
    assert [note[:20] for note in myshkin.footnotes] == ["1 Далее - Проект 500", "2 Принятые сокращени"]
    assert len(myshkin.working_group) == 7
    assert myshkin.working_group[0].name == "Морозова Галина Николаевна"
    assert myshkin.working_group[0].workplace == "Управление образования Администрации Мышкинского района"
    assert myshkin.working_group_title.startswith("Состав рабочей группы по координации и контролю")
    assert not any("Морозова" in t or t == "Директор" for t in texts)
    assert myshkin.warnings == []


# --- Сроки: то же, что ожидает ручной список seed_periods --------------------------------------------


def _period_cells(draft: MapDraft, *, with_sections: bool) -> list[str]:
    cells = []
    for section in draft.sections:
        if with_sections and section.title:
            cells.append(section.period_text)
        cells.extend(item.period_text for item in section.items)
    return cells


@pytest.mark.parametrize(
    ("file_name", "expected", "with_sections"),
    [
        (PERM_FILE, PERM_CELLS, True),  # в пермской карте свой срок есть и у разделов
        (VLADIMIR_FILE, VLADIMIR_CELLS, False),
        (MYSHKIN_FILE, MYSHKIN_CELLS, False),
    ],
)
def test_periods_parse_exactly_as_the_hand_made_list(file_name, expected, with_sections):
    draft = read_seed(SEEDS / file_name)
    cells = _period_cells(draft, with_sections=with_sections)
    assert len(cells) == len(expected)
    for text, (_, written, kind, start, end) in zip(cells, expected, strict=True):
        parsed = parse_period(text, draft.year)
        assert (parsed.kind, parsed.start, parsed.end) == (kind, start, end), (text, written)


# --- Разметка узнаётся по содержимому; странный вход — понятная ошибка ------------------------------


@pytest.mark.parametrize("file_name", [PERM_FILE, VLADIMIR_FILE, MYSHKIN_FILE])
def test_layout_is_recognised_by_content_not_by_file_name(file_name, tmp_path):
    renamed = tmp_path / "карта.txt"
    renamed.write_bytes((SEEDS / file_name).read_bytes())
    assert read_seed(renamed).items == read_seed(SEEDS / file_name).items


def test_windows_1251_file_is_read_too(tmp_path):
    path = tmp_path / "cp1251.txt"
    path.write_bytes((SEEDS / PERM_FILE).read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    assert len(read_seed(path).items) == 37


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Файл пуст"),
        (b"PK\x03\x04\x14\x00\x06\x00 word/document.xml", "Это файл Word"),
        (b"%PDF-1.7 \x00\x01", "Это PDF"),
        (bytes(range(256)) * 4, "двоичные данные"),
        ("Просто письмо без таблицы.\nС уважением, отдел.".encode(), "Не удалось узнать таблицу"),
        ("\tСрок\n\tМероприятие\n\n\t25.01.2021\n\tбез номера\n".encode(), "Не удалось узнать таблицу"),
    ],
)
def test_garbage_raises_import_format_error_in_russian(tmp_path, content, message):
    path = tmp_path / "garbage.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        read_seed(path)


def test_missing_file_is_an_import_format_error(tmp_path):
    with pytest.raises(ImportFormatError, match=r"Не удалось открыть файл «нет\.txt»"):
        read_seed(tmp_path / "нет.txt")


@pytest.mark.parametrize("file_name", [PERM_FILE, VLADIMIR_FILE, MYSHKIN_FILE])
def test_cut_and_shuffled_seeds_never_crash(file_name):
    lines = (SEEDS / file_name).read_text(encoding="utf-8").splitlines()
    rng = random.Random(500)
    variants = [lines[:cut] for cut in range(0, len(lines), 9)]
    variants += [rng.sample(lines, len(lines)) for _ in range(5)]
    variants += [[line for line in lines if rng.random() > 0.2] for _ in range(10)]
    for variant in variants:
        with contextlib.suppress(ImportFormatError):  # понятная ошибка — можно; любое другое исключение — нет
            read_text("\n".join(variant))


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="\t\n 0123456789.,-№()<>/pliu«»абвгдежзиклмнопрстДатаСрок", max_size=40),
                max_size=40))  # fmt: skip
def test_any_text_gives_a_draft_or_import_format_error(chunks):
    try:
        draft = read_text("\n".join(chunks))
    except ImportFormatError:
        return
    assert draft.items


# Контрольные суммы исходных документов (/work/shared/seeds на момент копирования): тест читает только
# fixtures/ и не пропускается нигде, а случайная правка копии в репозитории его валит.
SEED_SHA256 = {
    PERM_FILE: "c61777fd91c4956046ad08c8fe173d7212228ec5fa46f610a3c1fc4e041a72d7",
    VLADIMIR_FILE: "35f107eb22d251194da512c6275e69d31fbad306945eec5a0cb0fbd9a0828468",
    MYSHKIN_FILE: "4fb76d529deb5f1fa0eea9d537b6e102a2343d5499092ec1c0e089dfde20db20",
}


def test_repo_copy_of_the_seeds_is_byte_for_byte_the_original_documents():
    for file_name, expected in SEED_SHA256.items():
        assert hashlib.sha256((SEEDS / file_name).read_bytes()).hexdigest() == expected, file_name
