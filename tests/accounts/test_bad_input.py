"""Плохой ввод: понятная русская ошибка в форме, введённое остаётся в полях, в базе ничего не меняется."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, Role, RoleMembership, User
from schools.models import School
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def invite_data(**overrides):
    data = {
        "email": "new.person@example.ru",
        "last_name": "Петров",
        "first_name": "Пётр",
        "middle_name": "",
        "position": "",
        "phone": "",
        "role": Role.CURATOR,
        "region": "",
        "municipality": "",
        "school": "",
    }
    data.update(overrides)
    return data


def test_invite_with_existing_email_shows_russian_error_and_saves_nothing(world, client_for):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    existing = UserFactory(email="taken@example.ru")
    users_before, invitations_before = User.objects.count(), Invitation.objects.count()

    response = client_for(coordinator).post(
        reverse("people:person_invite"),
        invite_data(email="TAKEN@example.ru", region=world["a"]["region"].pk),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Пользователь с такой эл. почтой уже есть" in html
    assert 'value="Петров"' in html  # введённое не пропало
    assert User.objects.count() == users_before and Invitation.objects.count() == invitations_before
    assert not existing.memberships.exists()


def test_invite_into_municipality_of_another_region_is_refused(world, client_for):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    response = client_for(coordinator).post(
        reverse("people:person_invite"),
        invite_data(
            role=Role.MUNICIPAL_COORDINATOR, region=world["a"]["region"].pk, municipality=world["b"]["m1"].pk
        ),
    )

    assert response.status_code == 200
    assert "Этот муниципалитет вам недоступен." in response.content.decode()
    assert not User.objects.filter(email="new.person@example.ru").exists()


def test_invite_for_region_coordinator_does_not_manage_is_refused(world, client_for):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    response = client_for(coordinator).post(
        reverse("people:person_invite"), invite_data(region=world["b"]["region"].pk)
    )
    assert "Этот регион вам недоступен." in response.content.decode()
    assert not User.objects.filter(email="new.person@example.ru").exists()


def test_regional_coordinator_cannot_grant_regional_roles(world, client_for):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    response = client_for(coordinator).post(
        reverse("people:person_invite"),
        invite_data(role=Role.REGIONAL_COORDINATOR, region=world["a"]["region"].pk),
    )
    assert "Выберите корректный вариант" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.ru").exists()


def test_school_with_duplicate_inn_shows_russian_error_and_saves_nothing(world, client_for):
    a = world["a"]
    SchoolFactory(municipality=a["m1"], inn="5901234567")
    schools_before = School.objects.count()
    response = client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("schools:school_create"),
        {
            "municipality": a["m1"].pk,
            "full_name": "МОУ «Новая школа»",
            "short_name": "Новая школа",
            "inn": "5901234567",
            "years": [2024],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Школа (ОО) с таким ИНН уже существует." in html
    assert 'value="Новая школа"' in html
    assert School.objects.count() == schools_before


def test_school_in_municipality_of_another_region_is_refused(world, client_for):
    a, b = world["a"], world["b"]
    schools_before = School.objects.count()
    response = client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("schools:school_create"),
        {
            "municipality": b["m1"].pk,
            "full_name": "МОУ «Чужая школа»",
            "short_name": "Чужая школа",
        },
    )
    assert "Такого муниципалитета нет среди доступных вам" in response.content.decode()
    assert School.objects.count() == schools_before


def test_moving_school_to_municipality_of_another_region_keeps_it_in_place(world, client_for):
    federal = world[Role.FEDERAL_STAFF]
    school = world["a"]["s1"]
    response = client_for(federal).post(
        reverse("schools:school_edit", kwargs={"school_id": school.pk}),
        {
            "municipality": world["b"]["m1"].pk,
            "full_name": school.full_name,
            "short_name": "Переименованная",
        },
    )
    assert "Муниципалитет должен быть в том же регионе, что и школа." in response.content.decode()
    school.refresh_from_db()
    assert school.municipality == world["a"]["m1"] and school.short_name == "Школа a1"


def test_invalid_inn_format_is_explained(world, client_for):
    a = world["a"]
    response = client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("schools:school_create"),
        {
            "municipality": a["m1"].pk,
            "full_name": "МОУ «Школа»",
            "short_name": "Школа",
            "inn": "12ab",
        },
    )
    assert "ИНН — 10 или 12 цифр." in response.content.decode()


def test_curator_from_another_region_cannot_be_assigned(world, client_for):
    a, b = world["a"], world["b"]
    response = client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("schools:school_curator", kwargs={"school_id": a["s2"].pk}),
        {"curator": b[Role.CURATOR].pk, "year": a["s2"].participations.get().year},
    )
    assert "Этот человек не куратор в регионе школы." in response.content.decode()
    assert not a["s2"].curator_assignments.exists()


def test_duplicate_role_is_not_created_twice(world, client_for):
    a = world["a"]
    curator = a[Role.CURATOR]
    client = client_for(a[Role.REGIONAL_COORDINATOR])
    for _ in range(2):
        client.post(
            reverse("people:person_grant_role", kwargs={"person_id": curator.pk}),
            {"grant-role": Role.CURATOR, "grant-region": a["region"].pk},
        )
    assert RoleMembership.objects.filter(user=curator, role=Role.CURATOR).count() == 1
