"""Общие настройки. Всё, что различается между окружениями, читается из переменных окружения."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from config.log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "да"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_htmx",
    "accounts",
    "schools",
    "people",
    "schoolwork",
    "roadmaps",
    "monitoring",
    "notifications",
    "reports",
    "home",
    "search",
    "alignment",
    "jobs",
    "demo",  # демо-данные и синтетика: верхний слой, его не импортирует никто
]

MIDDLEWARE = [
    "config.log.RequestIdMiddleware",  # первым: id запроса в журнале и в заголовке X-Request-ID
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "jobs.middleware.BrokerOutageMessageMiddleware",
    "jobs.middleware.SubmitOnceMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
            "builtins": ["config.plural"],  # |ru_plural и |ru_count во всех шаблонах
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # Постоянное соединение проверяется перед запросом: после перезапуска PostgreSQL первый запрос
        # каждого процесса не падает на мёртвом соединении (issue 14).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT PostgreSQL на запросах показателей тратил ~1 с на компиляцию при 0,2 с работы (docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "DATABASE_PG_OPTIONS", "-c jit=off"
    )
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id с параметрами OWASP (config/hashers.py) — первым; PBKDF2 остаётся, чтобы прежние пароли
# проверялись: при следующем входе Django сам переписывает такой пароль в Argon2id.
PASSWORD_HASHERS = [
    "config.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# django-guardian: анонимный пользователь нам не нужен — всё закрыто входом.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"},
}
# Загрузки (посещения, документы школ) — через API хранилищ Django. MEDIA_URL нигде не подключён:
# файлы отдаёт только представление с проверкой прав. S3-совместимое хранилище включается одними
# переменными окружения (нужен пакет: pip install -e ".[s3]").
if os.environ.get("S3_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET_NAME"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION_NAME") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "25")) * 1024 * 1024
# Загрузка дорожной карты из файла: файл больше этого разбирается в фоне (Celery) с полосой хода.
ROADMAP_IMPORT_INLINE_MAX_BYTES = int(os.environ.get("ROADMAP_IMPORT_INLINE_MAX_KB", "1024")) * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Дорожная карта 500+ <noreply@roadmap500.local>")
# Адрес сайта для ссылок в письмах, которые уходят из фоновых задач (там нет запроса).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "roadmap500")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Очереди mail / heavy / light и сроки задач — в jobs/celery_options.py (issue 14). Видимость сообщения
# в Redis — на несколько минут дольше самого долгого жёсткого срока: брокер не отдаст живую задачу
# второму воркеру, а задачу убитого воркера вернёт в очередь через это время.
CELERY_TASK_ROUTES = ("jobs.celery_options.route_task",)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30 * 60 + 5 * 60}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Постановка из веб-запроса: зависший брокер стоит запросу не больше этого (секунды на соединение и ответ).
CELERY_ENQUEUE_TIMEOUT = float(os.environ.get("CELERY_ENQUEUE_TIMEOUT", "1.5"))
# Подметальщик: «в очереди» дольше этого — поставить снова (не дошедшее до брокера — сразу).
JOBS_REQUEUE_AFTER_SECONDS = int(os.environ.get("JOBS_REQUEUE_AFTER_SECONDS", "600"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# Напоминания: пропущенный день региона (не было ни одного запуска) догоняется до стольких дней назад.
REMINDERS_CATCH_UP_DAYS = int(os.environ.get("REMINDERS_CATCH_UP_DAYS", "3"))

# Кэш: прогресс долгих задач (снимки, выгрузки) виден из веб-процесса. С Redis — общий для всех
# процессов; без него (демо, задачи выполняются сразу) хватает памяти процесса.
CACHES = {
    # Сбой Redis — промах кэша, а не 500; зависший Redis держит запрос не дольше секунды (config/cache.py).
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Хранимые показатели (monitoring.rollup): пересчёт после записи — не чаще раза в столько секунд.
ROLLUP_DEBOUNCE_SECONDS = int(os.environ.get("ROLLUP_DEBOUNCE_SECONDS", "2"))
# Подсказки сверки (alignment.suggestions): пересчёт региона после правки — не чаще раза в столько секунд.
ALIGNMENT_DEBOUNCE_SECONDS = int(os.environ.get("ALIGNMENT_DEBOUNCE_SECONDS", "2"))
# Кэш фрагментов страниц (config.fragments) под версией области; 0 — выключен.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "600"))

# Расписание beat. Задачи сами учитывают местный день каждого региона, поэтому запускаются ежечасно.
CELERY_BEAT_SCHEDULE = {
    "monitoring-take-due-snapshots": {"task": "monitoring.tasks.take_due_snapshots", "schedule": 3600.0},
    "notifications-reminders-dispatch": {
        "task": "notifications.tasks.reminders_dispatch",
        "schedule": 3600.0,
    },
    "notifications-event-digests-dispatch": {
        "task": "notifications.tasks.event_digests_dispatch",
        "schedule": 3600.0,
    },
    "reports-purge-expired-exports": {"task": "reports.tasks.purge_expired_exports", "schedule": 3600.0},
    # Ночью — полный пересчёт хранимых показателей: чинит пропущенное и переводит «сегодня» на новый день.
    "monitoring-recompute-all-rollups": {
        "task": "monitoring.tasks.recompute_all_rollups",
        "schedule": crontab(hour=3, minute=15),
    },
    # Каждый час: регионы, чей местный день сменился после их пересчёта, — на пересчёт по отметке.
    "monitoring-mark-new-day-rollups": {"task": "monitoring.tasks.mark_new_day_rollups", "schedule": 3600.0},
    "jobs-sweep-stuck": {"task": "jobs.tasks.sweep_stuck_jobs", "schedule": 60.0},
    # Отметки, чей пересчёт не удалось поставить (брокер был недоступен), — не позже чем через 5 минут.
    "monitoring-recompute-dirty-rollups": {
        "task": "monitoring.tasks.recompute_dirty_rollups",
        "schedule": 300.0,
    },
    # Подсказки сверки: устаревшие, чей пересчёт брокер не принял, — раз в 5 минут; ночью — все заново.
    "alignment-recompute-stale-suggestions": {
        "task": "alignment.tasks.recompute_stale_suggestions",
        "schedule": 300.0,
    },
    "alignment-recompute-all-suggestions": {
        "task": "alignment.tasks.recompute_all_suggestions",
        "schedule": crontab(hour=3, minute=45),
    },
}

# Письмо о событиях работы (notifications.event_digest) уходит раз в день в этот час по TIME_ZONE.
EVENT_DIGEST_HOUR = int(os.environ.get("EVENT_DIGEST_HOUR", "8"))

# Выгрузки (reports): длиннее REPORTS_SYNC_MAX_ROWS строк собираются фоновой задачей;
# готовый файл хранится REPORTS_FILE_TTL_HOURS часов.
REPORTS_SYNC_MAX_ROWS = int(os.environ.get("REPORTS_SYNC_MAX_ROWS", "2000"))
REPORTS_FILE_TTL_HOURS = int(os.environ.get("REPORTS_FILE_TTL_HOURS", "72"))

PAGE_SIZE = 50

# Журнал: каждая строка один раз; LOG_FORMAT=json — строки JSON с request_id (так в продакшене).
LOGGING = logging_config(fmt=os.environ.get("LOG_FORMAT", "text"), level=os.environ.get("LOG_LEVEL", "INFO"))

# Защита (issue 12): axes, CSP, тайм-ауты сессий, журнал событий безопасности — модуль security, его
# подключает каждый файл настроек сразу после base (security дополняет base, base его не импортирует).
