"""Продакшен-настройки: `check --deploy --fail-level WARNING` чист со значениями .env.example,
а HTTPS-переключатели действительно выключаются переменными окружения для стенда без TLS."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _run(*args, env_extra=None):
    # DJANGO_ALLOW_ASYNC_UNSAFE ставят себе браузерные тесты (Playwright в том же процессе); продакшену его
    # не передаём — иначе check --deploy справедливо на него пожалуется.
    dropped = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"PYTHON": sys.executable, **(env_extra or {})})
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_env_example():
    result = _run("bash", "scripts/check_deploy.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _production_value(expression: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    result = _run(
        sys.executable,
        "-c",
        code,
        env_extra={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "k" * 60,
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_https_is_on_by_default_and_switchable_for_plain_http_lab():
    on = _production_value("(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)")
    assert on == "(True, 31536000, ('HTTP_X_FORWARDED_PROTO', 'https'))"
    off = _production_value(
        "(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="0",
    )
    assert off == "(False, 0, False)"


def test_session_limits_and_password_length_defaults():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600
    validators = settings.AUTH_PASSWORD_VALIDATORS
    minimum = next(v for v in validators if v["NAME"].endswith("MinimumLengthValidator"))
    assert minimum["OPTIONS"]["min_length"] == 10
