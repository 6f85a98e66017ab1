"""Локальный запуск: SQLite по умолчанию, письма в консоль, Celery без Redis — сразу (eager)."""

from .base import *  # noqa: F403
from .base import env_bool
from .security import *  # noqa: F403  (axes, CSP, сессии — дополняет base)

DEBUG = env_bool("DJANGO_DEBUG", True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
