"""Кэш фрагментов и смена того, что человек видит: выдали роль ещё в одном муниципалитете того же региона,
назначили куратору школу — следующий показ сводки уже с ними (а не через 10 минут, когда истечёт кэш)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

import access as scoping
from accounts.models import Role, User
from people import services as people_services
from schools import services as school_services
from schools.models import Municipality
from tests.factories import RegionFactory, make_member
from tests.schoolwork.factories import make_catalogue
from tests.security.test_admin_stale_saves import _post_data

KIND = Municipality._meta.get_field("kind").choices[0][0]

pytestmark = pytest.mark.django_db


def schools_in_programme(client) -> int:
    """Число «N школ в программе» над списком профилей — его рисует закэшированная часть страницы."""
    html = client.get(reverse("schoolwork:risk_overview")).content.decode()
    return int(re.search(r'<div class="stat"><b>(\d+)</b><span>\S+ в программе', html).group(1))


def test_curator_sees_a_newly_assigned_school_right_after_the_assignment(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    a = world["a"]
    curator = a[Role.CURATOR]
    client.force_login(curator)
    assert schools_in_programme(client) == 1
    assert schools_in_programme(client) == 1  # второй раз — из кэша
    with django_capture_on_commit_callbacks(execute=True):
        school_services.curator_assign(
            actor=a[Role.REGIONAL_COORDINATOR], school=a["s2"], curator=curator, year=scoping.current_year()
        )
    assert schools_in_programme(client) == 2


def test_municipal_coordinator_sees_a_second_municipality_right_after_the_role_is_granted(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    a = world["a"]
    coordinator = a[Role.MUNICIPAL_COORDINATOR]
    client.force_login(coordinator)
    assert schools_in_programme(client) == 2  # первый район: две школы
    with django_capture_on_commit_callbacks(execute=True):
        people_services.membership_grant(
            actor=a[Role.REGIONAL_COORDINATOR],
            user=coordinator,
            role=Role.MUNICIPAL_COORDINATOR,
            region=a["region"],
            municipality=a["m2"],
        )
    assert schools_in_programme(client) == 3


def test_curator_sees_a_school_assigned_in_the_admin_right_after_saving(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    a = world["a"]
    curator = a[Role.CURATOR]
    client.force_login(curator)
    assert schools_in_programme(client) == 1
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:schools_curatorassignment_add"),
            {"school": a["s2"].pk, "curator": curator.pk, "year": scoping.current_year()},
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert schools_in_programme(client) == 2


def test_new_regions_dashboard_shows_a_municipality_added_right_after_saving(
    db, fragment_cache, client, django_capture_on_commit_callbacks
):
    """Регион только заводят: ни школ в программе, ни карт — считать показателям нечего, но сводка панели
    (муниципалитеты региона) в кэше всё равно должна смениться после записи."""
    region = RegionFactory(name="Новый регион")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    client.force_login(coordinator)
    url = reverse("monitoring:region", args=[region.pk])
    assert "Первый новый район" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        school_services.municipality_save(region=region, name="Первый новый район", kind=KIND)
    assert "Первый новый район" in client.get(url).content.decode()


def test_region_dashboard_shows_the_new_name_right_after_the_region_is_renamed(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    """Заголовок графика этапов («Регион: показатели по этапам») — в закэшированной части панели."""
    region = world["a"]["region"]
    client.force_login(world[Role.FEDERAL_STAFF])
    url = reverse("monitoring:region", args=[region.pk])
    assert "Регион А: показатели по этапам" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        school_services.region_save(
            region=region, code=region.code, name="Переименованный", timezone=region.timezone
        )
    assert "Переименованный: показатели по этапам" in client.get(url).content.decode()


def test_risk_overview_shows_a_factor_renamed_in_the_admin_right_after_saving(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    """Названия факторов — в закэшированных полосках сводки рисков; каталог правят в админке."""
    factor = make_catalogue(scoping.current_year())[0]
    federal = world[Role.FEDERAL_STAFF]
    client.force_login(federal)
    assert factor.title in client.get(reverse("schoolwork:risk_overview")).content.decode()
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1"))
    url = reverse("admin:schools_riskfactor_change", args=[factor.pk])
    data = {**_post_data(admin.get(url)), "title": "Новое название фактора"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(url, data).status_code == 302
    assert "Новое название фактора" in client.get(reverse("schoolwork:risk_overview")).content.decode()
