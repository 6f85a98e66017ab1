"""Браузерные тесты: Playwright (Python, sync API) управляет Chromium из Debian.

Playwright сам браузеры здесь не скачивает (`playwright install` без доступа к CDN не работает),
поэтому запускаем системный chromium: путь из CHROMIUM_PATH или /usr/bin/chromium(-browser).
Нет chromium или playwright — на машине разработчика тест пропускается с причиной,
а в CI (REQUIRE_SERVICES=1) падает: браузерные тесты не должны молча исчезать.

Все тесты этого каталога автоматически получают метку `browser` (`pytest -m "not browser"` их отключит).
При падении теста снимок страницы сохраняется в test-artifacts/screenshots/<имя теста>.png.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.quality import flush, watch

# Sync API Playwright держит в основном потоке запущенный цикл asyncio (поверх greenlet-ов).
# Django видит «работающий цикл событий» и на любой запрос к базе из теста (фабрики, проверки)
# бросает SynchronousOnlyOperation, хотя код на самом деле синхронный и выполняется последовательно.
# Это известная ситуация pytest-django + Playwright; разрешаем такие вызовы для процесса тестов.
# Переменная проверяется Django в момент вызова, так что достаточно выставить её при импорте conftest.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Без флагов фоновой сети Chromium долбится в закрытую сеть машины (обновления, синхронизация, QUIC).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 15_000


def _services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "").strip().lower() in {"1", "true", "yes", "on"}


def _missing(reason: str) -> None:
    """В CI — провал, на машине разработчика — пропуск с понятной причиной."""
    if _services_required():
        pytest.fail(f"REQUIRE_SERVICES=1, но {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_executable() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH", "").strip()
    if explicit:
        return explicit if (Path(explicit).is_file() or shutil.which(explicit)) else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


# --- метки и отчёты ------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    # Хук вызывается для всех собранных тестов, поэтому метим только тесты из этого каталога.
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Сохраняем отчёт каждой фазы на тесте (item.rep_setup / rep_call): его читает фикстура `page`.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- браузер -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _missing(f"Playwright для Python не установлен ({exc}); pip install playwright")
    executable = chromium_executable()
    if executable is None:
        where = os.environ.get("CHROMIUM_PATH") or " или ".join(CHROMIUM_CANDIDATES)
        _missing(f"не найден Chromium ({where}); установите пакет Debian chromium или задайте CHROMIUM_PATH")

    playwright = sync_playwright().start()
    try:
        # Обычный launch(): Playwright сам создаёт и удаляет пустой временный профиль.
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


def _collect_csp_violation(message, sink: list[str]) -> None:
    if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
        sink.append(f"{message.page.url if message.page else ''}: {message.text}")


def _screenshot_path(config, node) -> Path:
    name = re.sub(r"[^\w.\-\[\]]+", "_", node.name)
    return Path(config.rootpath) / "test-artifacts" / "screenshots" / f"{name}.png"


PHONE = {"width": 390, "height": 844}


def _open_page(browser, request, viewport: dict):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow", viewport=viewport)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    # axe-core и консоль на каждой странице теста: серьёзное нарушение или console.error — провал.
    quality = watch(context)
    # Проверки expect ждут столько же, сколько действия: на занятой 2-ядерной машине CI ответ htmx
    # иногда приходит позже стандартных 5 с (падение из-за этого видели в одном прогоне из трёх).
    from playwright.sync_api import expect

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.on("console", quality.on_console)
    page.on("pageerror", quality.on_page_error)
    problems: list[str] = []
    # Строгая CSP включена и в тестах: любое её нарушение в консоли браузера — провал теста (issue 12).
    csp_violations: list[str] = []
    page.on("console", lambda message: _collect_csp_violation(message, csp_violations))
    try:
        yield page
        if csp_violations:
            pytest.fail("Нарушения Content-Security-Policy в браузере:\n" + "\n".join(csp_violations))
    finally:
        reports = (getattr(request.node, f"rep_{phase}", None) for phase in ("setup", "call"))
        failed = any(report is not None and report.failed for report in reports)
        if not failed:
            flush(page)
            problems = quality.problems()
        if failed or problems:
            path = _screenshot_path(request.config, request.node)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as exc:  # снимок — вспомогательная вещь, он не должен маскировать падение
                print(f"Не удалось сохранить снимок {path}: {exc}")
            else:
                print(f"Снимок страницы: {path}")
        context.close()
    if problems:
        pytest.fail("Страницы теста не прошли проверку качества:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(browser, request):
    yield from _open_page(browser, request, {"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, request):
    """Страница шириной телефона (390 × 844) с теми же проверками axe и консоли."""
    yield from _open_page(browser, request, PHONE)


# --- помощники -----------------------------------------------------------------------------------


def login(page, live_server_url: str, email: str, password: str) -> None:
    """Входит через настоящую страницу входа и ждёт главную страницу."""
    base = live_server_url.rstrip("/")
    page.goto(base + reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(base + reverse("home"))


@pytest.fixture(name="login")
def login_fixture():
    """Та же функция `login(page, live_server_url, email, password)` — как фикстура,
    чтобы тестам не импортировать conftest."""
    return login
