"""Журнал событий безопасности: каждое событие — ровно одна строка с пользователем, IP, адресом и временем."""

import json
import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleMembership
from accounts.security.events import security_events_purge
from accounts.security.models import SecurityEvent, SecurityEventKind
from tests.factories import TEST_PASSWORD


def only_event(kind) -> SecurityEvent:
    events = list(SecurityEvent.objects.filter(kind=kind))
    assert len(events) == 1, f"{kind}: {len(events)} записей"
    event = events[0]
    assert event.created_at is not None and event.path
    assert event.ip_address == "127.0.0.1"
    return event


def test_login_and_logout_are_logged(client, world):
    user = world["a"][Role.CURATOR]
    client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    event = only_event(SecurityEventKind.LOGIN)
    assert event.user == user and event.path == reverse("login")
    client.post(reverse("logout"))
    assert only_event(SecurityEventKind.LOGOUT).user == user


def test_failed_login_is_logged_with_attempted_username(client, db):
    client.post(reverse("login"), {"username": "who@example.ru", "password": "x"})
    event = only_event(SecurityEventKind.LOGIN_FAILED)
    assert event.username == "who@example.ru" and event.user is None


def test_event_is_also_a_structured_log_line(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        client.post(reverse("login"), {"username": "who@example.ru", "password": "x"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "security"]
    assert lines and lines[0]["kind"] == "login_failed" and lines[0]["ip"] == "127.0.0.1"
    assert lines[0]["path"] == reverse("login") and lines[0]["time"]


def test_password_change_is_logged(client_for, world):
    user = world["a"][Role.CURATOR]
    client_for(user).post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Новый-пароль-500",
            "new_password2": "Новый-пароль-500",
        },
    )
    assert only_event(SecurityEventKind.PASSWORD_CHANGED).user == user


def test_password_reset_request_and_reset_are_logged(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    user = world["a"][Role.SCHOOL_TEAM]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": user.email})
    assert only_event(SecurityEventKind.PASSWORD_RESET_REQUESTED).username == user.email
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/" in w)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Сброшенный-пароль-1", "new_password2": "Сброшенный-пароль-1"})
    assert only_event(SecurityEventKind.PASSWORD_RESET).user == user


def test_invitation_role_revoke_and_disable_are_logged(client_for, world):
    a = world["a"]
    coordinator = a[Role.REGIONAL_COORDINATOR]
    client = client_for(coordinator)
    client.post(
        reverse("people:person_invite"),
        {
            "email": "new.person@example.ru",
            "last_name": "Новикова",
            "first_name": "Ольга",
            "role": Role.CURATOR,
            "region": a["region"].pk,
        },
    )
    invitation = only_event(SecurityEventKind.INVITATION)
    assert invitation.user == coordinator and invitation.details["person"] == "new.person@example.ru"
    assert only_event(SecurityEventKind.ROLE_GRANTED).details["role"] == Role.CURATOR

    person = a[Role.CURATOR]
    membership = RoleMembership.objects.get(user=person)
    client.post(
        reverse(
            "people:membership_set_active",
            kwargs={"person_id": person.pk, "membership_id": membership.pk},
        ),
        {"active": "0"},
    )
    assert only_event(SecurityEventKind.ROLE_REVOKED).details["person_id"] == person.pk
    client.post(reverse("people:person_set_active", kwargs={"person_id": person.pk}), {"active": "0"})
    disabled = only_event(SecurityEventKind.USER_DISABLED)
    assert disabled.user == coordinator and disabled.details["person_id"] == person.pk


def test_403_and_404_on_object_urls_are_logged_with_user(client_for, world):
    school_team = world["a"][Role.SCHOOL_TEAM]
    client = client_for(school_team)
    other_school = world["b"]["s1"]
    url = reverse("schools:school_detail", kwargs={"school_id": other_school.pk})
    assert client.get(url).status_code == 404
    event = only_event(SecurityEventKind.NOT_FOUND)
    assert event.user == school_team and event.path == url
    # 404 на адресе без объекта (опечатка в пути) в журнал безопасности не пишется.
    client.get("/no-such-page/")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.NOT_FOUND).count() == 1
    # Свою школу команда видит, но править карточку не может: 403.
    edit_url = reverse("schools:school_edit", kwargs={"school_id": world["a"]["s1"].pk})
    assert client.get(edit_url).status_code == 403
    forbidden = only_event(SecurityEventKind.FORBIDDEN)
    assert forbidden.user == school_team and forbidden.path == edit_url


def test_log_is_append_only_and_purged_after_retention(db, settings):
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="x")
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        SecurityEvent.objects.update(username="y")
    settings.SECURITY_EVENT_RETENTION_DAYS = 30
    assert security_events_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert security_events_purge(now=timezone.now() + timedelta(days=31)) == 1


def test_admin_shows_log_read_only(client_for, db):
    from tests.factories import make_member

    admin = make_member(Role.FEDERAL_STAFF, is_staff=True, is_superuser=True)
    client = client_for(admin)
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="x@example.ru")
    assert client.get(reverse("admin:accounts_securityevent_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_securityevent_add")).status_code == 403
    response = client.post(reverse("admin:accounts_securityevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
