"""Число запросов страниц-списков работы со школами не растёт с числом строк (10 и 200)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument, Visit, VisitStatus
from tests.factories import MunicipalityFactory, RegionFactory, SchoolFactory, assign_curator, make_member
from tests.schoolwork.factories import THIS_YEAR, make_catalogue, make_profile

MAX_QUERIES = 16  # измерено: 7–15 на списках и при 10, и при 200 строках
SCHOOL_PAGE_MAX = 19  # измерено: 6–18 (карточка школы с блоками профиля, посещений и документов)


def build_region(rows: int):
    """Регион с `rows` школами: у каждой куратор, профиль, посещения (проведённое и плановое), документы."""
    region = RegionFactory()
    municipalities = [MunicipalityFactory(region=region) for _ in range(5)]
    curator = make_member(Role.CURATOR, region=region)
    make_catalogue()
    day = datetime.date(THIS_YEAR, 1, 10)
    schools = []
    for i in range(rows):
        school = SchoolFactory(municipality=municipalities[i % 5])
        assign_curator(curator, school)
        make_profile(school, verified_by=curator if i % 2 else None, directions=(1, 2) if i % 2 else ())
        schools.append(school)
    Visit.objects.bulk_create(
        [
            Visit(
                school=s,
                curator=curator,
                status=status,
                kind="first",
                date=day,
                purpose="цель",
                findings="итоги" if status == VisitStatus.DONE else "",
            )
            for s in schools
            for status in (VisitStatus.DONE, VisitStatus.PLANNED)
        ]
    )
    SchoolDocument.objects.bulk_create(
        [
            SchoolDocument(school=s, year=THIS_YEAR, kind=kind, status=DocumentStatus.UPLOADED)
            for s in schools
            for kind in (DocumentKind.CONCEPT, DocumentKind.MIDTERM)
        ]
    )
    return region, curator, schools[0]


@pytest.fixture(params=[10, 200], ids=["10 строк", "200 строк"])
def populated(request, db):
    return build_region(request.param)


LIST_PAGES = [
    "schoolwork:visits",
    "schoolwork:visit_schools",
    "schoolwork:documents",
    "schoolwork:risk_overview",
]


def test_list_pages_query_count_does_not_grow_with_rows(populated, client, django_assert_max_num_queries):
    region, curator, _school = populated
    for user in (
        make_member(Role.FEDERAL_STAFF),
        make_member(Role.REGIONAL_COORDINATOR, region=region),
        curator,
    ):
        client.force_login(user)
        for page in LIST_PAGES:
            with django_assert_max_num_queries(MAX_QUERIES):
                response = client.get(reverse(page), {"year": THIS_YEAR})
            assert response.status_code == 200, (user, page)
    html = client.get(reverse("schoolwork:documents"), {"year": THIS_YEAR}).content.decode()
    assert html.count("загружен, ждёт проверки") >= min(region.municipalities.count(), 10)


def test_school_pages_query_count_does_not_grow_with_visits(populated, client, django_assert_max_num_queries):
    _region, curator, school = populated
    count = Visit.objects.filter(curator=curator).count()
    Visit.objects.bulk_create(
        [
            Visit(
                school=school,
                curator=curator,
                status=VisitStatus.DONE,
                kind="other",
                date=datetime.date(THIS_YEAR, 1, 1),
                purpose="ещё",
                findings="итоги",
            )
            for _ in range(count)
        ]
    )
    client.force_login(curator)
    for name in (
        "schoolwork:school_visits",
        "schoolwork:school_documents",
        "schoolwork:risk_profile",
        "schools:school_detail",
    ):
        # Прогрев: кэши Django (типы содержимого и т.п.) после других тестов могут быть пусты — их
        # заполнение не относится к числу запросов, которое растёт или не растёт со строками.
        client.get(reverse(name, args=[school.pk]), {"year": THIS_YEAR})
        with django_assert_max_num_queries(SCHOOL_PAGE_MAX):
            response = client.get(reverse(name, args=[school.pk]), {"year": THIS_YEAR})
        assert response.status_code == 200, name
