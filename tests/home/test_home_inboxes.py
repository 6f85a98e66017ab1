"""Домашняя страница как входящие: у каждой роли — списки того, что ждёт её действия, со ссылками;
число запросов одно и то же на 10 и на 200 строках каждого списка (и не больше 15)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from roadmaps.models import Item, ItemStatus, Level, MapStatus, RoadMap
from schools.models import CuratorAssignment, Participation, RiskProfile, School
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument, Visit, VisitKind, VisitStatus
from tests.factories import MunicipalityFactory, make_roadmap

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
MAX_QUERIES = 15


def populate(world, rows: int) -> None:
    """rows строк в каждом списке входящих региона А: карты на рассмотрении и возвращённые,
    муниципалитеты без карты, просроченные мероприятия, школы без посещений, документы на проверке,
    посещения куратора и профили на проверку."""
    a = world["a"]
    today = a["region"].local_today()
    curator = a[Role.CURATOR]
    municipalities = [MunicipalityFactory(region=a["region"], name=f"Район {i:03d}") for i in range(rows)]
    maps = RoadMap.objects.bulk_create(
        [
            RoadMap(
                level=Level.MUNICIPAL,
                region=a["region"],
                municipality=m,
                year=YEAR,
                title=f"Карта {m.name}",
                status=MapStatus.SUBMITTED if i % 2 else MapStatus.RETURNED,
            )
            for i, m in enumerate(municipalities)
        ]
    )
    municipal = make_roadmap("municipal", municipality=a["m1"], items=0)
    Item.objects.bulk_create(
        [
            Item(
                roadmap=roadmap,
                position=1,
                description=f"Просроченное {roadmap.pk}",
                period_end=today - datetime.timedelta(days=3),
                status=ItemStatus.NOT_STARTED,
            )
            for roadmap in maps
        ]
        + [
            Item(
                roadmap=municipal,
                position=i,
                description=f"Скоро {i}",
                period_end=today + datetime.timedelta(days=i % 14),
                status=ItemStatus.IN_PROGRESS,
            )
            for i in range(rows)
        ]
        + [
            Item(
                roadmap=municipal,
                position=rows + i,
                description=f"Просрочено {i}",
                period_end=today - datetime.timedelta(days=1 + i % 20),
            )
            for i in range(rows)
        ]
    )
    schools = School.objects.bulk_create(
        [
            School(municipality=a["m1"], full_name=f"Школа {i}", short_name=f"Школа {i:03d}")
            for i in range(rows)
        ]
    )
    Participation.objects.bulk_create([Participation(school=s, year=YEAR) for s in schools])
    CuratorAssignment.objects.bulk_create(
        [CuratorAssignment(curator=curator, school=s, year=YEAR) for s in schools]
    )
    SchoolDocument.objects.bulk_create(
        [
            SchoolDocument(school=s, year=YEAR, kind=DocumentKind.CONCEPT, status=DocumentStatus.UPLOADED)
            for s in schools
        ]
    )
    RiskProfile.objects.bulk_create([RiskProfile(school=s, year=YEAR) for s in schools])
    Visit.objects.bulk_create(
        [
            Visit(
                school=s,
                curator=curator,
                status=VisitStatus.PLANNED,
                kind=VisitKind.FIRST,
                date=today + datetime.timedelta(days=1 + i % 13),
                purpose="Посещение",
            )
            for i, s in enumerate(schools)
        ]
    )


def home(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


ROLES = [
    Role.REGIONAL_COORDINATOR,
    Role.REGIONAL_STAFF,
    Role.MUNICIPAL_COORDINATOR,
    Role.CURATOR,
    Role.SCHOOL_TEAM,
]


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("role", ROLES)
def test_home_lists_stay_within_the_query_budget(
    world, client_for, django_assert_max_num_queries, rows, role
):
    populate(world, rows)
    home(client_for(world["a"][role]), django_assert_max_num_queries)


@pytest.mark.parametrize("rows", [10, 200])
def test_federal_home_within_budget(world, client_for, django_assert_max_num_queries, rows):
    populate(world, rows)
    html = home(client_for(world[Role.FEDERAL_STAFF]), django_assert_max_num_queries)
    assert "отстают сильнее всего" in html and world["a"]["region"].name in html


def test_regional_coordinator_sees_what_waits_for_review(world, client_for, django_assert_max_num_queries):
    populate(world, 12)
    html = home(client_for(world["a"][Role.REGIONAL_COORDINATOR]), django_assert_max_num_queries)
    for title in (
        "Муниципальные карты ждут рассмотрения",
        "Возвращены на доработку",
        "Муниципалитеты без представленной карты",
        "Просроченные мероприятия в регионе",
        f"Школы без посещения в {YEAR} году",
        "Документы школ ждут подтверждения",
    ):
        assert title in html
    submitted = RoadMap.objects.filter(status=MapStatus.SUBMITTED).first()
    assert reverse("roadmaps:detail", kwargs={"roadmap_id": submitted.pk}) + "#workflow" in html
    assert "и ещё 2" in html  # 12 строк: 10 показано, о двух сказано
    assert world["b"]["m1"].name not in html


def test_municipal_coordinator_sees_map_state_comment_and_deadlines(
    world, client_for, django_assert_max_num_queries
):
    from roadmaps import services

    a = world["a"]
    roadmap = make_roadmap("municipal", municipality=a["m1"], items=1)
    services.roadmap_submit(roadmap=roadmap, actor=a[Role.MUNICIPAL_COORDINATOR])
    services.roadmap_return(
        roadmap=roadmap, actor=a[Role.REGIONAL_COORDINATOR], comment="Уточните сроки по разделу 2"
    )
    html = home(client_for(a[Role.MUNICIPAL_COORDINATOR]), django_assert_max_num_queries)
    assert "возвращена на доработку" in html and "Уточните сроки по разделу 2" in html
    assert "Просроченные мероприятия карты" in html and "Срок в ближайшие 14 дней" in html


def test_curator_sees_visits_documents_profiles_and_progress(
    world, client_for, django_assert_max_num_queries
):
    populate(world, 3)
    html = home(client_for(world["a"][Role.CURATOR]), django_assert_max_num_queries)
    assert "Посещения в ближайшие 14 дней" in html
    visit = Visit.objects.filter(status=VisitStatus.PLANNED).first()
    assert reverse("schoolwork:visit_detail", kwargs={"visit_id": visit.pk}) in html
    assert "Рисковые профили ждут проверки" in html and "Документы школ ждут подтверждения" in html
    assert "карты нет" in html


def test_school_team_sees_the_years_checklist_with_a_link_for_each_step(
    world, client_for, django_assert_max_num_queries
):
    a = world["a"]
    html = home(client_for(a[Role.SCHOOL_TEAM]), django_assert_max_num_queries)
    for step in (
        "Рисковый профиль проверен",
        "не меньше двух",
        "Концепция развития",
        "Среднесрочная программа",
        "Дорожная карта школы утверждена",
    ):
        assert step in html
    assert "не внесён" in html and "Создать карту" in html
    assert html.count('class="todo"') == 5
