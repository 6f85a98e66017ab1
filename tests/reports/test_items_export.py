"""Все мероприятия карт одной таблицей: номера те же, что на странице карты, ответственные одной
строкой, память и число запросов не растут с числом строк (потоки из базы)."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from reports.builders.items import build_roadmap_items
from reports.models import ExportJob
from roadmaps import services as roadmap_services
from roadmaps.selectors import map_rows
from tests.factories import OrganisationFactory, make_roadmap
from tests.reports.conftest import THIS_YEAR
from tests.reports.files import response_bytes, table, workbook


def build(**params) -> tuple[tuple, list[tuple]]:
    out = io.BytesIO()
    build_roadmap_items(out=out, progress=lambda done, total: None, **params)
    return table(workbook(out.getvalue())["Мероприятия"])


def test_numbers_and_responsibles_match_the_map_page(official_map, world):
    municipal = make_roadmap("municipal", municipality=world["a"]["m1"], items=3, sections=1)
    roadmap_services.section_create(roadmap=municipal, title="Пустой раздел")  # занимает номер, строк не даёт
    roadmap_services.item_create(actor=None, roadmap=municipal, description="Без раздела", period_text="март")
    header, lines = build(region_id=world["a"]["region"].pk, year=THIS_YEAR)
    assert header[:8] == (
        "Регион",
        "Год",
        "Уровень карты",
        "Муниципалитет",
        "Школа",
        "№ п/п",
        "Раздел",
        "Описание действий",
    )
    expected = []
    for roadmap in (official_map, municipal):  # региональная карта идёт первой, затем муниципальные
        expected += [(row.number, row.item.description) for row in map_rows(roadmap=roadmap).rows if row.item]
    assert [(str(line[5]), line[7]) for line in lines] == expected  # целые номера — числами
    by_text = {line[7]: line for line in lines}
    survey = by_text["Анкетирование участников образовательных отношений"]
    assert survey[:3] == ("Регион А", THIS_YEAR, "региональная") and survey[6] == "Подготовительный этап"
    assert survey[12].startswith("РИАЦОКО ВИРО; Иванова") and survey[12].endswith("А. П.")
    assert survey[9].day == 25 and survey[10].day == 29 and survey[13] == "выполнено"
    assert by_text["Назначение муниципальных координаторов"][12] == "ДО"
    assert by_text["Без раздела"][5] == 1 and by_text["Без раздела"][3] == "Регион А: первый район"
    assert all(line[0] == "Регион А" for line in lines)  # регион Б не попал


def test_query_count_is_constant(world):
    make_roadmap("regional", region=world["a"]["region"], items=2, sections=1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build(region_id=None, year=None)
        return len(captured)

    before = queries()
    make_roadmap("regional", region=world["b"]["region"], items=40, sections=3)
    make_roadmap("municipal", municipality=world["b"]["m1"], items=25, sections=2)
    assert queries() == before


def test_national_items_above_the_threshold_are_built_in_background_for_federal_staff(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_SYNC_MAX_ROWS = 4
    make_roadmap("regional", region=world["a"]["region"], items=2)
    make_roadmap("regional", region=world["b"]["region"], items=3)
    url = reverse("reports:national_items", args=["xlsx"])
    assert client_for(world["a"][Role.REGIONAL_STAFF]).post(url).status_code == 404
    client = client_for(world[Role.FEDERAL_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"year": THIS_YEAR})
    job = ExportJob.objects.get()
    _, lines = table(
        workbook(response_bytes(client.get(reverse("reports:job_download", args=[job.pk]))))["Мероприятия"]
    )
    assert [line[0] for line in lines] == ["Регион А"] * 2 + ["Регион Б"] * 3


def test_few_national_items_download_in_the_same_request(world, client_for):
    make_roadmap("regional", region=world["a"]["region"], items=2)
    response = client_for(world[Role.FEDERAL_STAFF]).get(
        reverse("reports:national_items", args=["xlsx"]), {"year": THIS_YEAR}
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert not ExportJob.objects.exists()
    _, lines = table(workbook(response_bytes(response))["Мероприятия"])
    assert [line[0] for line in lines] == ["Регион А"] * 2


def test_several_responsibles_are_listed_in_the_map_page_order(world):
    a = world["a"]
    roadmap = make_roadmap("regional", region=a["region"])
    later = OrganisationFactory(region=a["region"], short_name="Центр Я")  # создан раньше, по алфавиту позже
    earlier = OrganisationFactory(region=a["region"], short_name="Центр А")
    people = [a[Role.CURATOR], a[Role.REGIONAL_COORDINATOR]]
    roadmap_services.item_create(
        actor=None,
        roadmap=roadmap,
        description="Совещание",
        period_text="март",
        organisations=[later, earlier],
        users=people,
        responsible_text="ДО",
    )
    _, lines = build(region_id=a["region"].pk, year=None)
    names = [user.short_name for user in User.objects.filter(pk__in=[p.pk for p in people])]  # порядок модели
    assert lines[0][12] == "; ".join(["ДО", "Центр А", "Центр Я", *names])
