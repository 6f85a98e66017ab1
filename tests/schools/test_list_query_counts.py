"""Число запросов страниц-списков не растёт с числом строк (10 и 200 строк — одинаковый потолок)."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Role
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    SchoolFactory,
    UserFactory,
    assign_curator,
    make_member,
)

MAX_QUERIES = 12  # измерено: 5–12 запросов на любой странице при 10 и при 200 строках
HOME_MAX_QUERIES = 15


def build_region(rows: int):
    """Регион с `rows` школами (в 5 районах), у каждой — куратор и годы участия, и столько же людей."""
    region = RegionFactory()
    municipalities = [MunicipalityFactory(region=region) for _ in range(5)]
    curator = make_member(Role.CURATOR, region=region)
    for i in range(rows):
        school = SchoolFactory(municipality=municipalities[i % 5], years=[2022, 2023, 2024])
        assign_curator(curator, school)
        OrganisationFactory(region=region)
        make_member(Role.SCHOOL_TEAM, school=school, user=UserFactory())
    return region


@pytest.fixture(params=[10, 200], ids=["10 строк", "200 строк"])
def populated(request, db):
    # Типы содержимого Django кэширует в процессе, а транзакционный тест, прошедший раньше в том же
    # процессе, этот кэш сбрасывает: считаем запросы страницы, а не холодный кэш (как в работающем сервере).
    ContentType.objects.get_for_models(*apps.get_models())
    region = build_region(request.param)
    for i in range(request.param if request.param < 100 else 40):  # ещё регионы — для федеральных списков
        RegionFactory(name=f"Дополнительный регион {i}")
    return region


LIST_PAGES = [
    "schools:schools",
    "schools:municipalities",
    "schools:regions",
    "schools:organisations",
    "people:people",
    "home",
]


def test_list_pages_query_count_does_not_grow_with_rows(populated, client, django_assert_max_num_queries):
    # Одна сборка данных на размер — и все страницы всеми ролями, которые видят много строк.
    for role in (Role.FEDERAL_STAFF, Role.REGIONAL_COORDINATOR, Role.REGIONAL_STAFF):
        client.force_login(make_member(role, region=populated))
        for page in LIST_PAGES:
            if page == "people:people" and role == Role.REGIONAL_STAFF:
                continue  # сотрудник министерства людей не администрирует
            # Главная — входящие с шестью списками (issue 11: не больше 15 запросов при любом объёме).
            with django_assert_max_num_queries(HOME_MAX_QUERIES if page == "home" else MAX_QUERIES):
                response = client.get(reverse(page))
            assert response.status_code == 200, (role, page)
    municipality = populated.municipalities.first()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(
            reverse("schools:municipality_detail", kwargs={"municipality_id": municipality.pk})
        )
    assert response.content.decode().count('href="/schools/') >= min(municipality.schools.count(), 50)
