"""Общие фикстуры. Сервисы (PostgreSQL, Redis, Celery) в CI обязательны: тест, которому их нет,
падает (REQUIRE_SERVICES=1 ставит .ci/run); на машине без них такие тесты пропускаются с причиной."""

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, transaction
from django.db.models.signals import post_migrate

from accounts.models import Role
from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    assign_curator,
    make_member,
)


def redis_url_for_this_process(url: str, worker: str | None) -> str:
    """Своя база Redis у каждого процесса pytest-xdist: gw0 — заданная, gw1 — на одну меньше и т. д.

    Брокер тестов общий сервер; раздельные базы не дают тестам двух процессов видеть очереди и ключи
    друг друга (CI перед прогоном чистит базы 15 и 14)."""
    if not worker or not worker.startswith("gw"):
        return url
    parsed = urlparse(url)
    base_db = int(parsed.path.lstrip("/") or 0)
    db = (base_db - int(worker[2:])) % 16
    return parsed._replace(path=f"/{db}").geturl()


REDIS_URL_FOR_TESTS = redis_url_for_this_process(
    os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"), os.environ.get("PYTEST_XDIST_WORKER")
)


def production_query_budget(budget: int) -> float:
    """Потолок запросов страницы — бюджет базы продакшена (PostgreSQL; в CI тесты идут на ней). На SQLite
    (машина без сервисов) поиск, сверка и списки id областей идут переносимым путём — несколькими
    запросами вместо одного UNION / CTE; там проверяется только, что число запросов не растёт со строками."""
    return budget if connection.vendor == "postgresql" else float("inf")


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def missing_service(reason: str) -> None:
    """В CI — провал (сервис обязан быть), на машине разработчика — пропуск с понятной причиной."""
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1, но {reason}", pytrace=False)
    pytest.skip(reason)


def redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1
        ) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        missing_service("тест требует PostgreSQL: задайте DATABASE_URL=postgres://…")


@pytest.fixture
def redis_url():
    if not redis_reachable(REDIS_URL_FOR_TESTS):
        missing_service(f"Redis недоступен по адресу {REDIS_URL_FOR_TESTS}")
    return REDIS_URL_FOR_TESTS


def _rows_written_by_migrations() -> dict[str, str]:
    """Строки, которые положили миграции данных проекта (каталог рисков и т. п.), по приложениям — JSON."""
    rows = {}
    for app_config in apps.get_app_configs():
        if Path(app_config.path).parent != Path(settings.BASE_DIR):
            continue  # contenttypes, права, анонимного пользователя guardian после flush создаёт post_migrate
        objects = [
            obj
            for model in app_config.get_models()
            if model._meta.managed and not model._meta.proxy
            for obj in model._base_manager.order_by("pk")
        ]
        if objects:
            rows[app_config.label] = serializers.serialize("json", objects)
    return rows


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """После теста с transactional_db Django очищает базу (flush) — вместе с данными миграций.

    Обычно такие тесты идут последними, но --dist loadfile отдаёт файл процессу целиком, и тест из
    файла, где transactional_db у одного теста, может оказаться раньше обычных. Поэтому запоминаем
    строки миграций после создания базы и возвращаем их сразу после flush (он шлёт post_migrate)."""
    with django_db_blocker.unblock():
        saved = _rows_written_by_migrations()

    def restore(sender, using, **kwargs):
        if sender.label not in saved:
            return
        restored = list(serializers.deserialize("json", saved[sender.label], using=using))
        if any(type(obj.object)._base_manager.using(using).exists() for obj in restored):
            return  # это не flush, а настоящая миграция: данные на месте
        for obj in restored:
            obj.save(using=using)

    post_migrate.connect(restore, dispatch_uid="tests.restore_migration_rows", weak=False)
    yield
    post_migrate.disconnect(dispatch_uid="tests.restore_migration_rows")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def build_world() -> dict:
    """Два региона, в каждом по два муниципалитета и по три школы — и по человеку на каждую роль."""
    data = {}
    for key, name in (("a", "Регион А"), ("b", "Регион Б")):
        region = RegionFactory(name=name)
        m1 = MunicipalityFactory(region=region, name=f"{name}: первый район")
        m2 = MunicipalityFactory(region=region, name=f"{name}: второй район")
        s1 = SchoolFactory(municipality=m1, short_name=f"Школа {key}1")
        s2 = SchoolFactory(municipality=m1, short_name=f"Школа {key}2")
        s3 = SchoolFactory(municipality=m2, short_name=f"Школа {key}3")
        curator = make_member(Role.CURATOR, region=region)
        assign_curator(curator, s1)
        data[key] = {
            "region": region,
            "m1": m1,
            "m2": m2,
            "s1": s1,
            "s2": s2,
            "s3": s3,
            Role.REGIONAL_STAFF: make_member(Role.REGIONAL_STAFF, region=region),
            Role.REGIONAL_COORDINATOR: make_member(Role.REGIONAL_COORDINATOR, region=region),
            Role.MUNICIPAL_COORDINATOR: make_member(Role.MUNICIPAL_COORDINATOR, municipality=m1),
            Role.CURATOR: curator,
            Role.SCHOOL_TEAM: make_member(Role.SCHOOL_TEAM, school=s1),
        }
    data[Role.FEDERAL_STAFF] = make_member(Role.FEDERAL_STAFF)
    return data


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Тот же мир, но один на модуль — для сотен проверок доступа, которые ничего не меняют.

    Строится во внешней транзакции, которая откатывается после модуля; каждый тест (фикстура db)
    работает в своей точке сохранения внутри неё, так что и случайная запись теста не выживет."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client_for(client):
    def login_as(user):
        client.force_login(user)
        return client

    return login_as


def pytest_report_header(config):
    return [
        f"база данных: {settings.DATABASES['default']['ENGINE']}",
        f"REQUIRE_SERVICES={'1' if services_required() else '0'} (в CI сервисы обязательны)",
    ]


@pytest.fixture
def celery_worker_process(transactional_db, redis_url, tmp_path):
    """Настоящий воркер Celery отдельным процессом: брокер — Redis, база — та же тестовая база.

    Отдаёт папку, куда воркер пишет письма (файловый почтовый бэкенд), и останавливается по PID.
    Нужен PostgreSQL: SQLite в памяти другому процессу не видна.
    """
    from tests.celery_worker import running_worker

    if connection.vendor != "postgresql":
        missing_service("воркеру Celery нужна общая база — задайте DATABASE_URL=postgres://…")
    with running_worker(
        redis_url=redis_url, mail_dir=tmp_path / "mail", database=connection.settings_dict
    ) as w:
        yield w


@pytest.fixture
def fragment_cache(settings):
    """Кэш готовых частей страниц включён (в тестах он выключен: кэш в памяти переживает откат базы)."""
    from django.core.cache import cache

    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()
