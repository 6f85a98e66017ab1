"""Демо (scripts/demo.sh, настройки config.settings.local) показывает русские страницы 403/404/500, а не
английскую отладочную страницу Django, и при этом отдаёт статику (WhiteNoise, без collectstatic).

Настройки local читаются в отдельном процессе: в этом процессе уже загружены тестовые."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.test import Client
from django.test.client import RequestFactory
from django.urls import get_resolver

client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
page = missing.content.decode()
print("404", missing.status_code, "Страница не найдена" in page, "Page not found" in page)
css = client.get("/static/css/app.css")
print("css", css.status_code)
request = RequestFactory().get("/")
for code in (403, 500):
    handler = get_resolver().resolve_error_handler(code)
    response = handler(request, *([Exception()] if code == 403 else []))
    page = response.content.decode()
    russian = "Недостаточно прав" in page or "Что-то пошло не так" in page
    print(code, response.status_code, 'lang="ru"' in page and russian)
"""


def run_probe(debug: str) -> dict[str, list[str]]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": debug}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # Страницы ошибок и статика базы не трогают: база, которой нет, это доказывает.
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/absent"
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}


def test_demo_without_debug_shows_russian_error_pages_and_serves_static():
    lines = run_probe("0")
    assert lines["404"] == ["404", "True", "False"]
    assert lines["css"] == ["200"]
    assert lines["403"] == ["403", "True"]
    assert lines["500"] == ["500", "True"]


def test_with_debug_a_developer_still_gets_the_technical_404_page():
    assert run_probe("1")["404"] == ["404", "False", "True"]


def test_demo_script_runs_without_debug_unless_asked():
    script = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8")
    assert 'export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"' in script
    assert script.index("DJANGO_DEBUG") < script.index("runserver")
