"""Пропускная способность страницы под параллельной нагрузкой на запущенном сервере (gunicorn):

    python manage.py benchmark_throughput --base-url http://127.0.0.1:8010 --clients 20 --seconds 20

По умолчанию — панель самого большого региона от имени его регионального координатора. Сессия
создаётся прямо в хранилище сессий (пароль не нужен), поэтому команду запускают с теми же DATABASE_URL,
REDIS_URL и DJANGO_SECRET_KEY, что и сервер. Каждый клиент — поток с постоянным соединением (keep-alive)."""

import http.client
import statistics
import threading
import time
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import Role, RoleMembership
from monitoring import pagebench

BUDGET_RPS = 150.0


def session_cookie(user) -> str:
    # Хранилище — то же, что у сервера (SESSION_ENGINE): с Redis сессия лежит и в кэше, и в базе.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # Первый по списку — axes (он только считает попытки входа и пользователя не загружает): сессия
    # должна указывать на тот, что умеет get_user — как после настоящего входа.
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


class Command(BaseCommand):
    help = "Запросов в секунду к странице (по умолчанию — панель региона) при N параллельных клиентах."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="адрес запущенного сервера")
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--seconds", type=float, default=20.0)
        parser.add_argument("--path", help="адрес страницы (по умолчанию — панель самого большого региона)")
        parser.add_argument("--budget-rps", type=float, default=BUDGET_RPS)

    def handle(self, *args, **options):
        region = pagebench.largest_region()
        if region is None:
            raise CommandError("В базе нет регионов: запустите load_demo или generate_demo.")
        membership = (
            RoleMembership.objects.filter(role=Role.REGIONAL_COORDINATOR, region=region, is_active=True)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise CommandError(f"У региона «{region}» нет регионального координатора.")
        path = options["path"] or reverse("monitoring:region", args=[region.pk])
        cookie = session_cookie(membership.user)
        target = urlsplit(options["base_url"])
        stop_at = time.perf_counter() + options["seconds"]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client():
            conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
            mine, failed = [], []
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers={"Cookie": cookie, "Host": target.netloc})
                    response = conn.getresponse()
                    response.read()
                    if response.status != 200:
                        failed.append(str(response.status))
                except (OSError, http.client.HTTPException) as exc:
                    failed.append(type(exc).__name__)
                    conn.close()
                    conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
                mine.append(time.perf_counter() - started)
            conn.close()
            with lock:
                latencies.extend(mine)
                errors.extend(failed)

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(options["clients"])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        ok = len(latencies) - len(errors)
        rps = ok / elapsed if elapsed else 0.0
        ordered = sorted(latencies) or [0.0]
        self.stdout.write(
            f"{path} ({membership.user.email}), клиентов {options['clients']}, {elapsed:.1f} с: "
            f"ответов 200 — {ok}, ошибок — {len(errors)}; {rps:.1f} запросов/с; "
            f"задержка p50 {statistics.median(ordered) * 1000:.0f} мс, "
            f"p95 {pagebench.percentile(ordered, 0.95) * 1000:.0f} мс"
        )
        if errors:
            raise CommandError(f"Ошибки ответов: {sorted(set(errors))[:5]}")
        if rps < options["budget_rps"]:
            raise CommandError(f"Меньше бюджета: {rps:.1f} < {options['budget_rps']:.0f} запросов/с.")
