"""Продакшен (docker-compose): PostgreSQL, Redis, SMTP — всё из переменных окружения."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.log import init_sentry, logging_config

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool
from .security import *  # noqa: F403  (axes, CSP, сессии — дополняет base)

if SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Задайте DJANGO_SECRET_KEY для продакшена.")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS за прокси с TLS: перенаправление и HSTS включены по умолчанию; для лаборатории по чистому http
# выключаются переменными (DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_HSTS_SECONDS=0, DJANGO_SECURE_COOKIES=0).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# /healthz/ и /livez/ опрашивают изнутри контейнера по http — их не перенаправляем.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^livez/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Журнал в продакшене — JSON (LOG_FORMAT=text — обычные строки); ошибки — в Sentry, если задан SENTRY_DSN.
LOGGING = logging_config(fmt=os.environ.get("LOG_FORMAT", "json"), level=os.environ.get("LOG_LEVEL", "INFO"))
SENTRY_ENABLED = init_sentry(
    os.environ.get("SENTRY_DSN", ""), environment=os.environ.get("SENTRY_ENVIRONMENT", "production")
)
