"""Локальный запуск: SQLite по умолчанию, письма в консоль, Celery без Redis — сразу (eager)."""

from .base import *  # noqa: F403
from .base import env_bool
from .security import *  # noqa: F403  (axes, CSP, сессии — дополняет base)

DEBUG = env_bool("DJANGO_DEBUG", True)
# Демо (scripts/demo.sh) запускается с DJANGO_DEBUG=0: люди видят русские страницы 403/404/500, а не
# английскую отладочную. Без DEBUG runserver статику не отдаёт — её отдаёт WhiteNoise прямо из папок
# приложений (без collectstatic). Разработчику с отладочными страницами: DJANGO_DEBUG=1 ./scripts/demo.sh.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
