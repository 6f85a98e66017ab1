"""Загрузка трёх настоящих карт в базу: через load_demo (она в конце вызывает load_demo_roadmaps),
повторная загрузка, замена, команда import_roadmap_text."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from demo.directory import MYSHKIN
from demo.load import load_demo
from demo.roadmaps import load_demo_roadmaps, seed_path
from roadmaps.importers import read_seed
from roadmaps.importers.load import import_draft
from roadmaps.models import Item, MapStatus, RoadMap, Transition
from roadmaps.periods import PeriodKind
from schools.models import Municipality, Region

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


@pytest.fixture
def demo():
    load_demo()
    return {
        "perm": RoadMap.objects.get(region__code="59", year=2021, level="regional"),
        "vladimir": RoadMap.objects.get(region__code="33", year=2021, level="regional"),
        "myshkin": RoadMap.objects.get(municipality__name=MYSHKIN, year=2022, level="municipal"),
    }


def item(roadmap: RoadMap, number: str) -> Item:
    return roadmap.items.get(source_number=number)


def numbers(roadmap: RoadMap) -> list[str]:
    in_document_order = roadmap.items.order_by("section__position", "position")
    return list(in_document_order.values_list("source_number", flat=True))


def test_demo_has_the_three_maps_with_their_sections_and_items(demo):
    counts = {key: (m.sections.count(), m.items.count()) for key, m in demo.items()}
    assert counts == {"perm": (4, 37), "vladimir": (0, 34), "myshkin": (6, 36)}
    assert numbers(demo["perm"])[9:12] == ["1.10", "1.11", "1.13"]
    assert numbers(demo["vladimir"]) == [str(n) for n in range(1, 35)]
    assert demo["myshkin"].sections.first().title == "Организационное сопровождение проекта"
    assert {m.source_name for m in demo.values()} == {
        "perm-regional-2021.txt",
        "vladimir-regional-2021.txt",
        "myshkin-municipal-2022.txt",
    }


def test_demo_states_follow_the_documents(demo):
    assert demo["perm"].status == MapStatus.DRAFT  # утверждающего документа нет
    assert demo["vladimir"].status == MapStatus.APPROVED  # распоряжение № 269
    assert not Transition.objects.filter(roadmap__level="regional").exists()
    myshkin = demo["myshkin"]
    assert myshkin.status == MapStatus.SUBMITTED
    [submitted] = myshkin.transitions.all()
    assert (submitted.from_status, submitted.to_status) == (MapStatus.DRAFT, MapStatus.SUBMITTED)
    assert submitted.actor.email == "mun.myshkin@demo.500plus.ru"
    assert myshkin.created_by.email == "mun.myshkin@demo.500plus.ru"
    assert demo["perm"].created_by.email == "coordinator.perm@demo.500plus.ru"


def test_vladimir_order_fields_and_deadline_for_municipal_maps(demo):
    vladimir = demo["vladimir"]
    assert vladimir.approval_document == "распоряжение № 269 от 22.03.2021"
    assert (vladimir.approval_number, vladimir.approval_date) == ("269", datetime.date(2021, 3, 22))
    assert vladimir.municipal_deadline == datetime.date(2021, 4, 2)
    assert demo["perm"].municipal_deadline is None and demo["perm"].approval_document == ""


def test_periods_are_parsed_and_odd_ones_flagged(demo):
    typo = item(demo["perm"], "1.2")
    assert (typo.period_text, typo.period_kind, typo.period_flagged) == ("22.01.01.2021", "unparsed", True)
    assert (typo.period_start, typo.period_end) == (None, None)
    several = item(demo["vladimir"], "1")
    assert several.period_kind == PeriodKind.LIST and several.period_end == datetime.date(2021, 3, 22)
    assert several.period_first_end == datetime.date(2021, 1, 22) and len(several.period_checkpoints) == 3
    assert not several.period_flagged
    flagged = {key: sorted(m.items.filter(period_flagged=True).values_list("period_text", flat=True))
               for key, m in demo.items()}  # fmt: skip
    assert flagged == {
        "perm": sorted(["22.01.01.2021", "с момента запуска информационной системы"]),
        "vladimir": [],
        "myshkin": ["декабрь 2021"],  # месяц до года карты: внимание, а не ошибка
    }


def test_vladimir_responsibles_are_matched_to_organisations(demo):
    vladimir = demo["vladimir"]

    def short_names(number):
        return sorted(item(vladimir, number).responsible_organisations.values_list("short_name", flat=True))

    assert short_names("4") == sorted(["РИАЦОКО", "ВИРО", "МОУО", "ОО"])
    assert short_names("3") == ["ВИРО", "РИАЦОКО"]
    assert short_names("1") == ["ДО"]
    assert short_names("15") == ["ВИРО", "ДО"]
    assert short_names("33") == sorted(["ФИОКО", "ДО", "РИАЦОКО", "ВИРО"])
    as_written = "РИАЦОКО ВИРО МОУО Образовательные организации (далее – ОО)"
    assert item(vladimir, "4").responsible_text == as_written
    assert not vladimir.items.filter(responsible_organisations=None).exists()
    assert not demo["perm"].items.exclude(responsible_organisations=None).exists()  # графы нет


def test_item_texts_keep_their_lines(demo):
    first = item(demo["vladimir"], "1")
    assert first.description.splitlines()[1].startswith("- распоряжение Департамента образования")
    assert len(first.description.splitlines()) == 4
    assert item(demo["perm"], "2.1").indicator.count("\n") == 1


def test_loading_again_changes_nothing(demo):
    before = {key: (m.pk, m.items.count(), m.transitions.count()) for key, m in demo.items()}
    history_before = Item.history.count()
    load_demo()
    load_demo_roadmaps()
    again = import_draft(read_seed(SEEDS / "perm-regional-2021.txt"), region=Region.objects.get(code="59"))
    assert again.pk == demo["perm"].pk
    after = {key: (m.pk, m.items.count(), m.transitions.count()) for key, m in demo.items()}
    assert after == before
    # карты из документов; копии на текущий год добавляет демо мониторинга
    assert RoadMap.objects.filter(year__in=(2021, 2022)).count() == 3
    assert Item.history.count() == history_before


def test_replace_rebuilds_the_map_in_one_transaction(demo):
    old = demo["perm"]
    item(old, "1.1").responsible_organisations.clear()
    draft = read_seed(SEEDS / "perm-regional-2021.txt")
    region = Region.objects.get(code="59")
    replaced = import_draft(draft, region=region, replace=True)
    assert replaced.pk != old.pk and not RoadMap.objects.filter(pk=old.pk).exists()
    assert (replaced.sections.count(), replaced.items.count()) == (4, 37)

    broken = read_seed(SEEDS / "perm-regional-2021.txt")
    broken.items[-1].period_text = "до 31.12.2021 " * 50  # длиннее поля: карта не помещается
    with pytest.raises(ValidationError):
        import_draft(broken, region=region, replace=True)
    assert RoadMap.objects.get(region=region, year=2021).pk == replaced.pk  # старая осталась целой
    assert replaced.items.count() == 37


def test_municipal_document_needs_a_municipality(demo):
    draft = read_seed(SEEDS / "myshkin-municipal-2022.txt")
    with pytest.raises(ValidationError, match="укажите муниципалитет"):
        import_draft(draft, region=Region.objects.get(code="76"))


def test_demo_reads_the_repository_copy_of_the_seeds():
    assert seed_path("perm-regional-2021.txt") == SEEDS / "perm-regional-2021.txt"


def test_command_reports_skip_replace_flags_and_responsibles(demo):
    vladimir = str(SEEDS / "vladimir-regional-2021.txt")
    out = StringIO()
    call_command("import_roadmap_text", vladimir, "--region", "33", stdout=out)
    assert "уже загружена" in out.getvalue() and "--replace" in out.getvalue()

    out = StringIO()
    path = str(SEEDS / "perm-regional-2021.txt")
    with pytest.raises(CommandError, match=r"Нужно подтверждение.*после 1\.11 идёт 1\.13"):
        call_command("import_roadmap_text", path, "--region", "59", "--replace", stdout=out)
    call_command("import_roadmap_text", path, "--region", "59", "--replace", "--confirm", stdout=out)
    report = out.getvalue()
    assert "разделов 4, мероприятий 37" in report
    assert "Сроков, требующих внимания: 2." in report and "п. 1.2: «22.01.01.2021» — не распознано" in report

    out = StringIO()
    path = str(SEEDS / "myshkin-municipal-2022.txt")
    args = ["--region", "76", "--municipality", "мышкинский муниципальный район", "--replace", "--confirm"]
    call_command("import_roadmap_text", path, *args, stdout=out)
    assert "мероприятий 36" in out.getvalue() and "(7 чел.) в карту не записана" in out.getvalue()
    assert Municipality.objects.get(name=MYSHKIN).roadmaps.filter(year=2022).count() == 1

    out = StringIO()
    call_command("import_roadmap_text", vladimir, "--region", "33", "--replace", stdout=out)
    assert "распознаны у 34 из 34 мероприятий" in out.getvalue()
    assert "Утверждена: распоряжение № 269 от 22.03.2021." in out.getvalue()


def test_command_errors_are_in_russian(tmp_path, demo):
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"PK\x03\x04")
    with pytest.raises(CommandError, match="повреждён"):
        call_command("import_roadmap_text", str(garbage), "--region", "59")
    with pytest.raises(CommandError, match="Регион с кодом «99» не найден"):
        call_command("import_roadmap_text", str(SEEDS / "perm-regional-2021.txt"), "--region", "99")
    with pytest.raises(CommandError, match="укажите муниципалитет"):
        call_command("import_roadmap_text", str(SEEDS / "myshkin-municipal-2022.txt"), "--region", "76")
