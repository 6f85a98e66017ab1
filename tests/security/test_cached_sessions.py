"""Сессии в кэше с копией в базе (accounts.security.sessions — так в продакшене с Redis): обычный
запрос не читает django_session, а выход, тайм-ауты и вход с другого устройства работают как раньше."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.security.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "accounts.security.sessions"
    cache.clear()
    yield
    cache.clear()


def _second_client_with(client) -> Client:
    """Тот же cookie сессии в другом «браузере» — как украденный или оставленный на другом устройстве."""
    other = Client()
    other.cookies["sessionid"] = client.cookies["sessionid"].value
    return other


def test_page_reads_the_session_from_the_cache_not_the_database(client, world):
    client.force_login(world["a"][Role.CURATOR])
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_logout_ends_the_session_everywhere_it_was_cached(client, world):
    client.force_login(world["a"][Role.CURATOR])
    assert client.get(reverse("home")).status_code == 200
    other = _second_client_with(client)
    assert other.get(reverse("home")).status_code == 200
    key = client.cookies["sessionid"].value
    assert client.post(reverse("logout")).status_code == 302
    assert cache.get(SessionStore.cache_key_prefix + key) is None
    assert other.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_logout_with_failing_cache_keeps_the_session_whole_instead_of_half_closed(client, world, monkeypatch):
    client.force_login(world["a"][Role.CURATOR])
    client.get(reverse("home"))
    key = client.cookies["sessionid"].value

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis недоступен")

    monkeypatch.setattr(cache, "delete_strict", unreachable, raising=False)
    with pytest.raises(ConnectionError):
        SessionStore(key).delete()
    # Из базы не удалена (откат), в кэше осталась: сессия открыта и там, и там — выход не удался явно.
    assert SessionStore().exists(key)
    assert SessionStore.get_model_class().objects.filter(session_key=key).exists()
    monkeypatch.undo()
    assert client.post(reverse("logout")).status_code == 302
    assert not SessionStore.get_model_class().objects.filter(session_key=key).exists()
    assert _second_client_with(client).get(reverse("home")).status_code == 302


def test_idle_timeout_still_ends_a_cached_session(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world["a"][Role.CURATOR])
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and reverse("login") in response["Location"]
        assert _second_client_with(client).get(reverse("home")).status_code == 302


def test_absolute_timeout_still_ends_an_active_cached_session(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world["a"][Role.CURATOR])
    for minutes in range(25, 12 * 60, 25):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        assert client.get(reverse("home")).status_code == 302
