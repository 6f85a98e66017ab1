"""/livez/ — только процесс; /healthz/ — база и брокер; недоступная база — русская страница 503."""

import contextlib

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role
from config.celery import app
from tests.celery_worker import _forget_broker_connections
from tests.factories import RegionFactory, make_member
from tests.jobs.conftest import closed_port


@contextlib.contextmanager
def database_down():
    """Приложение смотрит на базу по закрытому порту — как будто PostgreSQL остановлен."""
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.mark.django_db
def test_livez_answers_without_database_or_broker(client, django_assert_num_queries, broker_down):
    with django_assert_num_queries(0):
        response = client.get("/livez/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_healthz_is_ok_with_database_and_real_broker(client, redis_url):
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    _forget_broker_connections()
    try:
        response = client.get("/healthz/")
    finally:
        app.conf.update(previous)
        _forget_broker_connections()
    assert response.status_code == 200
    assert response.content.decode() == "ok\ndatabase: ok\nbroker: ok"


@pytest.mark.django_db
def test_healthz_fails_when_broker_is_down(client, broker_down):
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert "database: ok" in response.content.decode() and "broker: fail" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_healthz_fails_and_pages_say_service_unavailable_when_database_is_down(require_postgres, client):
    client.force_login(make_member(Role.REGIONAL_COORDINATOR, region=RegionFactory()))
    browser = Client(raise_request_exception=False)  # как настоящий сервер: исключение — это ответ
    browser.cookies = client.cookies

    probe = Client(raise_request_exception=False)  # проверка контейнера приходит без сессии

    with database_down():
        health = probe.get("/healthz/")
        live = probe.get("/livez/")
        page = browser.get("/")

    assert health.status_code == 503 and "database: fail" in health.content.decode()
    assert live.status_code == 200
    assert page.status_code == 503
    text = page.content.decode()
    assert "Сервис временно недоступен" in text and "Ничего из уже сохранённого не потеряно" in text
    assert page["Retry-After"] == "60"
    assert browser.get("/").status_code == 200  # база вернулась — страницы снова работают
