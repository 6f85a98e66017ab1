"""События безопасности, сделанные в админке Django, попадают в журнал так же, как сделанные на сайте:
отключение учётной записи, выдача и отзыв роли (вложенная таблица, своя админка, удаление), пароль,
заданный администратором другому человеку, и смена своего пароля в админке."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleMembership
from accounts.security.models import SecurityEvent, SecurityEventKind
from tests.factories import TEST_PASSWORD, make_member
from tests.security.test_admin_stale_saves import _post_data


@pytest.fixture
def admin_client(client, db):
    admin = make_member(Role.FEDERAL_STAFF, is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    SecurityEvent.objects.all()._raw_delete(SecurityEvent.objects.db)
    return client


def events(kind):
    return list(SecurityEvent.objects.filter(kind=kind))


def test_disabling_a_user_in_the_admin_is_logged(admin_client, world):
    person = world["a"][Role.CURATOR]
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = _post_data(admin_client.get(url))
    data.pop("is_active", None)
    assert admin_client.post(url, data).status_code == 302
    (event,) = events(SecurityEventKind.USER_DISABLED)
    assert event.user == admin_client.admin and event.details["person_id"] == person.pk
    assert event.path == url and event.ip_address == "127.0.0.1"


def test_role_revoked_through_the_inline_and_granted_in_the_role_admin_are_logged(admin_client, world):
    person = world["a"][Role.CURATOR]
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = _post_data(admin_client.get(url))
    active = next(key for key in data if key.startswith("memberships-0-is_active"))
    data.pop(active)
    assert admin_client.post(url, data).status_code == 302
    (revoked,) = events(SecurityEventKind.ROLE_REVOKED)
    assert revoked.details["person_id"] == person.pk and revoked.details["role"] == Role.CURATOR

    add_url = reverse("admin:accounts_rolemembership_add")
    response = admin_client.post(
        add_url,
        {
            "user": person.pk,
            "role": Role.REGIONAL_STAFF,
            "region": world["a"]["region"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    (granted,) = events(SecurityEventKind.ROLE_GRANTED)
    assert granted.details["role"] == Role.REGIONAL_STAFF and granted.user == admin_client.admin

    granted_membership = RoleMembership.objects.get(user=person, role=Role.REGIONAL_STAFF)
    delete_url = reverse("admin:accounts_rolemembership_delete", args=[granted_membership.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert len(events(SecurityEventKind.ROLE_REVOKED)) == 2


def test_password_set_by_an_administrator_is_logged(admin_client, world):
    person = world["a"][Role.CURATOR]
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = admin_client.post(url, {"password1": "Новый-пароль-500", "password2": "Новый-пароль-500"})
    assert response.status_code == 302
    (event,) = events(SecurityEventKind.PASSWORD_CHANGED)
    assert event.user == admin_client.admin and event.details["person_id"] == person.pk


def test_own_password_change_in_the_admin_is_logged(admin_client):
    response = admin_client.post(
        reverse("admin:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Новый-пароль-500",
            "new_password2": "Новый-пароль-500",
        },
    )
    assert response.status_code == 302
    (event,) = events(SecurityEventKind.PASSWORD_CHANGED)
    assert event.user == admin_client.admin
