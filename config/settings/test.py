"""Тесты: SQLite в памяти по умолчанию; с DATABASE_URL — настоящий PostgreSQL (так в CI)."""

import os

from .base import *  # noqa: F403
from .base import env_bool
from .security import *  # noqa: F403  (axes, CSP, сессии — дополняет base)

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Воркер Celery в отдельном процессе пишет письма в файлы (EMAIL_BACKEND задаёт тест), тесты — в память.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# В тестах задачи по умолчанию выполняются сразу; тесты с настоящим воркером включают брокер сами.
# Настоящий воркер тестов (tests/celery_worker.py) выключает это переменной: его задачи ставят
# следующие через брокер, как в продакшене, а не выполняют их внутри себя.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", False)
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Кэш в памяти процесса: прогресс одного теста не должен просачиваться в другой через общий Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Кэш фрагментов (config.fragments) в тестах выключен: кэш в памяти переживает откат базы между
# тестами. Тесты самого кэша включают его сами (settings.FRAGMENT_CACHE_SECONDS).
FRAGMENT_CACHE_SECONDS = 0
