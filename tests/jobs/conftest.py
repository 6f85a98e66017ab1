"""Фикстуры отказов: брокер по закрытому порту (как упавший Redis) и порт, где никто не слушает."""

import contextlib
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


class TcpProxy:
    """Прокси TCP к PostgreSQL на своём порту: выключен — соединение получает отказ (база недоступна),
    включён — байты идут как есть. Так воркер встречает настоящую ошибку соединения, без подмен."""

    def __init__(self, target: tuple[str, int]):
        import threading

        self.target = target
        self.port = closed_port()
        self._listener: socket.socket | None = None
        self._threading = threading

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self._listener = listener
        self._threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                self._threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def db_proxy():
    from django.db import connection

    proxy = TcpProxy(
        (
            connection.settings_dict.get("HOST") or "127.0.0.1",
            int(connection.settings_dict.get("PORT") or 5432),
        )
    )
    yield proxy
    proxy.stop()


@pytest.fixture
def worker_factory(transactional_db, redis_url, tmp_path):
    """Настоящий воркер с выбранным пулом (prefork — чтобы убивать дочерний процесс) и базой по адресу."""
    import contextlib

    from django.db import connection

    from tests.celery_worker import running_worker
    from tests.conftest import missing_service

    if connection.vendor != "postgresql":
        missing_service("воркеру Celery нужна общая база — задайте DATABASE_URL=postgres://…")
    stack = contextlib.ExitStack()

    def start(*, pool: str = "solo", port: int | None = None):
        database = dict(connection.settings_dict)
        if port is not None:
            database.update(HOST="127.0.0.1", PORT=port)
        return stack.enter_context(
            running_worker(redis_url=redis_url, mail_dir=tmp_path / "mail", database=database, pool=pool)
        )

    with stack:
        yield start
