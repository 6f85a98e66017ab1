"""Запуск настоящего воркера Celery для интеграционных тестов (без подмен брокера и базы)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from config.celery import app
from jobs.celery_options import QUEUE_KINDS, queue_name

# Своя очередь у каждого процесса pytest-xdist (gw0, gw1…): воркер одного процесса не должен забирать
# задачи другого — у них разные тестовые базы.
QUEUE = f"roadmap500-tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
# Воркер тестов слушает все очереди: основную и mail / heavy / light (jobs.celery_options).
ALL_QUEUES = [QUEUE, *(queue_name(QUEUE, kind) for kind in QUEUE_KINDS)]


@dataclass
class Worker:
    pid: int
    mail_dir: Path
    log_path: Path

    def sent_mail(self) -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted(self.mail_dir.glob("*.log"))]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def children(self) -> list[int]:
        """PID дочерних процессов (пул prefork): их убивают тесты «воркер погиб посреди задачи»."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


def _database_url(db: dict) -> str:
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@contextlib.contextmanager
def running_worker(
    *, redis_url: str, mail_dir: Path, database: dict, pool: str = "solo", extra_env: dict | None = None
):
    mail_dir.mkdir(parents=True, exist_ok=True)
    log_path = mail_dir.parent / "celery-worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(database),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": QUEUE,
        "CELERY_TASK_ALWAYS_EAGER": "0",  # задачи, которые ставит сам воркер, тоже идут через Redis
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **(extra_env or {}),
    }
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=redis_url, task_always_eager=False, task_default_queue=QUEUE)
    _forget_broker_connections()
    with app.connection_for_write() as conn:
        for queue in ALL_QUEUES:
            conn.default_channel.queue_purge(queue) if _queue_exists(conn, queue) else None
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                pool,
                *(["--concurrency", "1"] if pool == "prefork" else []),
                "-Q",
                ",".join(ALL_QUEUES),
                "-n",
                f"tests-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker = Worker(pid=process.pid, mail_dir=mail_dir, log_path=log_path)
    try:
        ready = wait_for(lambda: process.poll() is not None or "ready." in worker.log(), timeout=60)
        if process.poll() is not None or not ready:
            raise RuntimeError(f"Воркер Celery не запустился:\n{worker.log()}")
        yield worker
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        app.conf.update(previous)
        _forget_broker_connections()  # следующие тесты снова работают с брокером из настроек


def _forget_broker_connections() -> None:
    """Пулы соединений и отправителей Celery создаются при первом .delay() (даже в режиме eager) с тем
    брокером, что был тогда (memory://), и сами не пересоздаются: без сброса задачи теста, запущенного
    после такого .delay(), ушли бы мимо Redis и воркера."""
    app._pool = None
    app.amqp._producer_pool = None


def _queue_exists(conn, queue: str = QUEUE) -> bool:
    try:
        conn.default_channel.queue_declare(queue, passive=True)
        return True
    except Exception:  # очереди ещё нет — чистить нечего
        return False
