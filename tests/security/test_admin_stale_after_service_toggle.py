"""Отзыв роли и отключение учётной записи на сайте — правки записи: админка, открытая до них, не может
молча вернуть роль или включить человека обратно своим устаревшим «Сохранить»."""

from django.test import Client
from django.urls import reverse

from accounts.models import Role, RoleMembership, User
from people import services
from tests.factories import make_member
from tests.security.test_admin_stale_saves import _post_data


def _admin_client():
    client = Client()
    client.force_login(make_member(Role.FEDERAL_STAFF, is_staff=True, is_superuser=True))
    return client


def test_role_revoked_on_the_site_is_not_restored_by_a_stale_admin_page(world):
    person = world["a"][Role.CURATOR]
    admin = _admin_client()
    url = reverse("admin:accounts_user_change", args=[person.pk])
    stale = _post_data(admin.get(url))
    membership = RoleMembership.objects.get(user=person)
    services.membership_set_active(
        membership=membership, active=False, actor=world["a"][Role.REGIONAL_COORDINATOR]
    )

    response = admin.post(url, stale)
    assert response.status_code == 200 and "Пока вы правили" in response.content.decode()
    assert RoleMembership.objects.get(pk=membership.pk).is_active is False


def test_user_disabled_on_the_site_is_not_enabled_by_a_stale_admin_page(world):
    person = world["a"][Role.CURATOR]
    admin = _admin_client()
    url = reverse("admin:accounts_user_change", args=[person.pk])
    stale = _post_data(admin.get(url))
    services.person_set_active(actor=world["a"][Role.REGIONAL_COORDINATOR], person=person, active=False)

    response = admin.post(url, stale)
    assert response.status_code == 200 and "Пока вы правили" in response.content.decode()
    assert User.objects.get(pk=person.pk).is_active is False
