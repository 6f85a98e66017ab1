"""Сессия: 30 минут простоя или 12 часов от входа — и снова вход;
слишком большой запрос — 413 без чтения тела."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.security.models import SecurityEvent, SecurityEventKind


def _home_status(client) -> int:
    return client.get(reverse("home")).status_code


def test_idle_session_ends_after_30_minutes(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world["a"][Role.CURATOR])
        assert _home_status(client) == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert _home_status(client) == 200  # активность продлевает сессию
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert _home_status(client) == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGOUT)
    assert event.details == {"reason": "idle_timeout"}


def test_active_session_still_ends_after_12_hours(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world["a"][Role.CURATOR])
        assert _home_status(client) == 200
    for minutes in range(20, 12 * 60, 20):  # человек что-то делает каждые 20 минут
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert _home_status(client) == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        assert _home_status(client) == 302


def test_htmx_request_after_timeout_redirects_whole_page(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world["a"][Role.CURATOR])
        _home_status(client)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"] == reverse("login")


def test_oversized_request_is_refused_before_reading_body(client, world, settings):
    client.force_login(world["a"][Role.CURATOR])
    too_big = settings.UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    # Тело короткое, а Content-Length огромный: если бы сервер читал тело, он бы ждал его.
    response = client.generic(
        "POST",
        reverse("schoolwork:visits"),
        data=b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(too_big),
    )
    assert response.status_code == 413
    assert "Слишком большой запрос" in response.content.decode()


def test_large_form_body_without_files_is_refused(client, world, settings):
    client.force_login(world["a"][Role.REGIONAL_COORDINATOR])
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    url = reverse("schools:school_edit", kwargs={"school_id": world["a"]["s1"].pk})
    response = client.post(url, {"full_name": "Ш" * 5000})
    assert response.status_code == 400
