"""Процессы pytest-xdist не делят друг с другом базу Redis и очередь тестового воркера Celery."""

from tests.conftest import redis_url_for_this_process


def test_single_process_keeps_the_given_redis_db():
    assert redis_url_for_this_process("redis://127.0.0.1:6379/15", None) == "redis://127.0.0.1:6379/15"


def test_each_xdist_process_gets_its_own_redis_db():
    urls = {redis_url_for_this_process("redis://127.0.0.1:6379/15", f"gw{n}") for n in range(3)}
    assert urls == {"redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/14", "redis://127.0.0.1:6379/13"}


def test_this_process_listens_on_its_own_celery_queue(monkeypatch):
    import importlib

    import tests.celery_worker as worker_module

    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    try:
        assert importlib.reload(worker_module).QUEUE == "roadmap500-tests-gw1"
    finally:
        monkeypatch.undo()
        importlib.reload(worker_module)
