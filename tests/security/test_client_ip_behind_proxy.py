"""За обратным прокси (nginx в docker compose) адрес клиента — из X-Forwarded-For, который дописал
доверенный прокси, а не адрес самого прокси: иначе блокировка входа «логин + IP» становится общей для
всех клиентов, а журнал событий безопасности пишет один IP на всех. Подделанное клиентом начало
X-Forwarded-For блокировку не обходит."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from accounts.security.models import SecurityEvent, SecurityEventKind
from tests.factories import TEST_PASSWORD, RegionFactory, make_member


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _post(client, email, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
        REMOTE_ADDR="10.0.0.2",  # адрес nginx
    )


def test_events_and_lockout_use_the_client_address_from_the_proxy(db, behind_proxy):
    user = make_member(Role.CURATOR, region=RegionFactory())
    attacker = Client()
    for n in range(5):  # подделка начала заголовка: «n.n.n.n, настоящий адрес»
        _post(attacker, user.email, "неверный-пароль", f"{n + 1}.{n + 1}.{n + 1}.{n + 1}, 203.0.113.7")
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED)
    assert {event.ip_address for event in failed} == {"203.0.113.7"}
    assert _post(attacker, user.email, TEST_PASSWORD, "9.9.9.9, 203.0.113.7").status_code == 429

    colleague = Client()  # тот же логин из другого места — не заблокирован чужими неудачами
    assert _post(colleague, user.email, TEST_PASSWORD, "198.51.100.20").status_code == 302
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN).ip_address == "198.51.100.20"


def test_without_a_trusted_proxy_the_header_is_ignored(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = make_member(Role.CURATOR, region=RegionFactory())
    _post(Client(), user.email, "неверный-пароль", "203.0.113.7")
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_FAILED).ip_address == "10.0.0.2"
