"""Журнал: строка один раз; id запроса в строках и в заголовке ответа; JSON в продакшене; Sentry по DSN."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.utils.log import configure_logging

from config.log import REQUEST_ID_HEADER, init_sentry, logging_config


@pytest.fixture
def log_stream():
    """Настраивает журнал так же, как Django при старте (DEFAULT_LOGGING + наш LOGGING), но в буфер."""
    stream = io.StringIO()

    def apply(config: dict) -> io.StringIO:
        configure_logging(settings.LOGGING_CONFIG, config)
        # Все обработчики, что пишут в консоль (и наш, и возможные Django), — в буфер: считаем все строки.
        for name in (None, "django", "django.request", "django.server"):
            for handler in logging.getLogger(name).handlers:
                if isinstance(handler, logging.StreamHandler):
                    handler.setStream(stream)
        return stream

    yield apply
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_django_lines_are_printed_once_even_with_debug(settings, log_stream):
    settings.DEBUG = True  # с DEBUG у Django есть свой обработчик console — раньше строка выходила дважды
    stream = log_stream(logging_config(fmt="text"))
    logging.getLogger("django.request").warning("одна строка")
    logging.getLogger("roadmaps").warning("и ещё одна")
    lines = stream.getvalue().splitlines()
    assert [line for line in lines if "одна строка" in line] == ["WARNING django.request [-] одна строка"]
    assert len([line for line in lines if "и ещё одна" in line]) == 1


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_the_log_lines_of_that_request_carry_it_too(
    client, log_stream
):
    stream = log_stream(logging_config(fmt="json"))
    response = client.get("/no-such-page/")
    request_id = response[REQUEST_ID_HEADER]
    assert len(request_id) >= 8
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    not_found = [r for r in records if r["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == request_id
    assert not_found[0]["level"] == "WARNING" and "/no-such-page/" in not_found[0]["message"]
    assert not_found[0]["status"] == 404
    assert client.get("/no-such-page/")[REQUEST_ID_HEADER] != request_id, "у каждого запроса свой id"


@pytest.mark.django_db
def test_request_id_from_nginx_is_kept_and_a_malformed_one_replaced(client):
    assert client.get("/healthz/", headers={"X-Request-ID": "abcdef0123456789"})[REQUEST_ID_HEADER] == (
        "abcdef0123456789"
    )
    replaced = client.get("/healthz/", headers={"X-Request-ID": "bad id\nwith newline"})[REQUEST_ID_HEADER]
    assert replaced != "bad id\nwith newline" and "\n" not in replaced


def test_json_lines_include_the_exception_text(log_stream):
    stream = log_stream(logging_config(fmt="json"))
    try:
        raise ValueError("сломалось")
    except ValueError:
        logging.getLogger("reports").exception("выгрузка не собралась")
    record = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert record["message"] == "выгрузка не собралась" and "request_id" in record
    assert "ValueError: сломалось" in record["exception"]


def test_sentry_is_enabled_only_with_a_dsn():
    import sentry_sdk

    assert init_sentry("") is False
    assert not sentry_sdk.get_client().is_active()
    try:
        assert init_sentry("https://public@sentry.example.invalid/1", environment="test") is True
        client = sentry_sdk.get_client()
        assert client.is_active() and client.options["environment"] == "test"
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init(dsn=None)
