"""Фикстуры отказов: брокер по закрытому порту (как упавший Redis) и порт, где никто не слушает."""

import socket

import pytest

from config.celery import app
from tests.celery_worker import _forget_broker_connections


def closed_port() -> int:
    """Порт, на котором сейчас никто не слушает: соединение с ним сразу получает отказ."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_down():
    """Приложение смотрит на брокер по закрытому порту (Redis упал). Задачи не выполняются сразу."""
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=f"redis://127.0.0.1:{closed_port()}/0", task_always_eager=False)
    _forget_broker_connections()
    yield
    app.conf.update(previous)
    _forget_broker_connections()


@pytest.fixture
def frozen_broker():
    """Брокер принимает соединение, но не отвечает (как Redis под SIGSTOP)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=f"redis://127.0.0.1:{listener.getsockname()[1]}/0", task_always_eager=False)
    _forget_broker_connections()
    yield
    app.conf.update(previous)
    _forget_broker_connections()
    listener.close()
