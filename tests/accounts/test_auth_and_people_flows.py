"""Вход, выход, смена и восстановление пароля, приглашение по почте, отключение, история изменений."""

import re

import pytest
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import Invitation, Role, User
from accounts.services import invitation_send
from schools.models import CuratorAssignment, School
from tests.factories import TEST_PASSWORD, make_member

pytestmark = pytest.mark.django_db


def link_from(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/password/reset/[^\s]+/", message.body).group(0)


def test_login_page_is_russian_and_lands_on_home(client, world):
    page = client.get(reverse("login")).content.decode()
    assert "Вход в систему" in page and "Забыли пароль?" in page
    user = world["a"][Role.MUNICIPAL_COORDINATOR]
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert world["a"]["m1"].name in response.content.decode()


def test_logout_requires_post_and_ends_session(client_for, world):
    client = client_for(world["a"][Role.CURATOR])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_password_change_then_login_with_new_password(client_for, client, world):
    user = world["a"][Role.CURATOR]
    response = client_for(user).post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Новый-пароль-500",
            "new_password2": "Новый-пароль-500",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Новый-пароль-500")


def test_password_change_with_mismatch_explains_in_russian(client_for, world):
    response = client_for(world["a"][Role.CURATOR]).post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "Новый-пароль-500", "new_password2": "другой"},
    )
    assert "Введенные пароли не совпадают." in response.content.decode()


def test_forgotten_password_is_reset_through_emailed_link(client, world, django_capture_on_commit_callbacks):
    user = world["a"][Role.SCHOOL_TEAM]
    with django_capture_on_commit_callbacks(execute=True):  # письмо уходит задачей после коммита
        client.post(reverse("password_reset"), {"email": user.email.upper()})
    assert len(mail.outbox) == 1
    assert "Восстановление пароля" in mail.outbox[0].subject
    form_url = client.get(link_from(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Сброшенный-пароль-1", "new_password2": "Сброшенный-пароль-1"})
    user.refresh_from_db()
    assert user.check_password("Сброшенный-пароль-1")


def test_invited_person_who_lost_the_link_can_request_a_new_one(
    client, world, django_capture_on_commit_callbacks
):
    person = User.objects.create_user(email="invited@example.ru", last_name="Орлова", first_name="Ия")
    assert not person.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "invited@example.ru"})
    assert len(mail.outbox) == 1


def test_reset_for_unknown_email_reveals_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.ru"}, follow=True)
    assert "Проверьте почту" in response.content.decode()
    assert mail.outbox == []


def test_coordinator_invites_curator_who_sets_password_and_sees_assigned_school(
    client_for, client, world, django_capture_on_commit_callbacks
):
    a = world["a"]
    coordinator = client_for(a[Role.REGIONAL_COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("people:person_invite"),
            {
                "email": "Kurator.Novyj@example.ru",
                "last_name": "Новикова",
                "first_name": "Елена",
                "middle_name": "Ивановна",
                "role": Role.CURATOR,
                "region": a["region"].pk,
            },
        )
    person = User.objects.get(email="kurator.novyj@example.ru")
    assert response["Location"] == reverse("people:person_detail", kwargs={"person_id": person.pk})
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kurator.novyj@example.ru"]
    assert "Куратор: " in mail.outbox[0].body
    assert Invitation.objects.get(user=person).sent_at is not None

    year = a["s2"].participations.get().year
    coordinator.post(
        reverse("schools:school_curator", kwargs={"school_id": a["s2"].pk}),
        {"curator": person.pk, "year": year},
    )
    assignment = CuratorAssignment.objects.get(school=a["s2"], year=year)
    assert assignment.curator == person and assignment.assigned_by == a[Role.REGIONAL_COORDINATOR]
    assert assignment.history.first().history_user == a[Role.REGIONAL_COORDINATOR]

    client.logout()
    form_url = client.get(link_from(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Мой-пароль-2026", "new_password2": "Мой-пароль-2026"})
    assert client.login(
        request=HttpRequest(), username="kurator.novyj@example.ru", password="Мой-пароль-2026"
    )
    assert a["s2"].short_name in client.get(reverse("home")).content.decode()


def test_invitation_is_sent_only_once(world, django_capture_on_commit_callbacks):
    a = world["a"]
    invitation = Invitation.objects.create(user=a[Role.CURATOR], invited_by=a[Role.REGIONAL_COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):  # письмо уходит после коммита задачей почты
        assert invitation_send(invitation_id=invitation.pk) is True
        assert invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [a[Role.CURATOR].email]


def test_deactivated_person_cannot_log_in(client_for, client, world):
    a = world["a"]
    curator = a[Role.CURATOR]
    client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("people:person_set_active", kwargs={"person_id": curator.pk}), {"active": "0"}
    )
    curator.refresh_from_db()
    assert not curator.is_active
    client.logout()
    assert not client.login(request=HttpRequest(), username=curator.email, password=TEST_PASSWORD)


def test_revoked_role_no_longer_gives_access(client_for, world):
    a = world["a"]
    coordinator = a[Role.MUNICIPAL_COORDINATOR]
    membership = coordinator.memberships.get()
    client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse(
            "people:membership_set_active",
            kwargs={"person_id": coordinator.pk, "membership_id": membership.pk},
        ),
        {"active": "0"},
    )
    client = client_for(coordinator)
    assert client.get(reverse("schools:school_detail", kwargs={"school_id": a["s1"].pk})).status_code == 404


def test_person_with_two_roles_sees_both_scopes(client_for, world):
    a, b = world["a"], world["b"]
    person = make_member(Role.CURATOR, region=b["region"], user=a[Role.MUNICIPAL_COORDINATOR])
    from tests.factories import assign_curator

    assign_curator(person, b["s3"])
    html = client_for(person).get(reverse("home")).content.decode()
    assert 'data-role="municipal_coordinator"' in html and 'data-role="curator"' in html
    assert b["s3"].short_name in html


def test_school_edit_is_recorded_in_history_with_author(client_for, world):
    a = world["a"]
    client_for(a[Role.REGIONAL_COORDINATOR]).post(
        reverse("schools:school_edit", kwargs={"school_id": a["s1"].pk}),
        {
            "municipality": a["m1"].pk,
            "full_name": "МОУ «Школа № 1»",
            "short_name": "Школа a1",
            "director": "Сидорова Мария Олеговна",
            "years": [2025, 2026],
        },
    )
    school = School.objects.get(pk=a["s1"].pk)
    latest = school.history.first()
    assert latest.director == "Сидорова Мария Олеговна"
    assert latest.history_user == a[Role.REGIONAL_COORDINATOR]
    assert sorted(school.participations.values_list("year", flat=True)) == [2025, 2026]
