"""django-axes: 5 неудач за 15 минут блокируют логин+IP на сайте и в админке; окно истекает; снятие."""

import re

import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.security.models import SecurityEvent, SecurityEventKind
from tests.factories import TEST_PASSWORD, RegionFactory, make_member

LOCK_TEXT = "Слишком много неудачных попыток входа"


def _fail(client, url, email, times):
    for _ in range(times):
        client.post(url, {"username": email, "password": "неверный-пароль"})


def test_site_login_locks_after_five_failures_and_opens_after_window(client, db):
    user = make_member(Role.CURATOR, region=RegionFactory())
    url = reverse("login")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, url, user.email, 5)
        response = client.post(url, {"username": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 429
        assert LOCK_TEXT in response.content.decode()
        assert "_auth_user_id" not in client.session
    with time_machine.travel(start + timezone.timedelta(minutes=16), tick=False):
        response = client.post(url, {"username": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


def test_four_failures_do_not_lock(client, db):
    user = make_member(Role.CURATOR, region=RegionFactory())
    _fail(client, reverse("login"), user.email, 4)
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_lockout_message_is_the_same_for_unknown_account(client, db):
    user = make_member(Role.CURATOR, region=RegionFactory())
    url = reverse("login")
    _fail(client, url, user.email, 5)
    known = client.post(url, {"username": user.email, "password": "x"})
    _fail(client, url, "nobody@example.ru", 5)
    unknown = client.post(url, {"username": "nobody@example.ru", "password": "x"})
    assert known.status_code == unknown.status_code == 429
    alert = re.compile(r'role="alert">(.*?)</div>', re.S)
    assert alert.findall(known.content.decode()) == alert.findall(unknown.content.decode())
    assert LOCK_TEXT in alert.findall(known.content.decode())[0]


def test_lock_is_per_username_and_ip(client, db):
    user = make_member(Role.CURATOR, region=RegionFactory())
    other = make_member(Role.CURATOR, region=RegionFactory())
    _fail(client, reverse("login"), user.email, 5)
    # Тот же IP, другой логин — входит.
    response = client.post(reverse("login"), {"username": other.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    # Тот же логин с другого IP — входит.
    client.logout()
    response = client.post(
        reverse("login"), {"username": user.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302


def test_admin_login_locks_too(client, db):
    admin = make_member(Role.FEDERAL_STAFF, is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    _fail(client, url, admin.email, 5)
    response = client.post(url, {"username": admin.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert LOCK_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_command_lists_and_clears_locks(client, db, capsys):
    user = make_member(Role.CURATOR, region=RegionFactory())
    _fail(client, reverse("login"), user.email, 5)
    call_command("security_locks")
    assert user.email in capsys.readouterr().out
    call_command("security_locks", "--clear", "--username", user.email)
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_admin_can_unlock_from_the_admin(client, client_for, db):
    user = make_member(Role.CURATOR, region=RegionFactory())
    _fail(client, reverse("login"), user.email, 5)
    attempt = AccessAttempt.objects.get(username=user.email)
    admin = make_member(Role.FEDERAL_STAFF, is_staff=True, is_superuser=True)
    admin_client = client_for(admin)
    response = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_lockout_is_logged_as_security_event(client, db):
    user = make_member(Role.CURATOR, region=RegionFactory())
    _fail(client, reverse("login"), user.email, 5)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, username=user.email).count() == 5
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT, username=user.email).count() == 1
