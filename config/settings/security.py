"""Защита (issue 12, OWASP ASVS 2): блокировка подбора пароля, CSP, сессии, журнал событий безопасности.

Подключается в конце base.py, поэтому действует во всех окружениях; продакшен добавляет к этому
HTTPS-настройки (production.py). Всё, что стоит менять, читается из переменных окружения.
"""

import os
from datetime import timedelta

from csp.constants import NONE, SELF

from .base import AUTHENTICATION_BACKENDS, INSTALLED_APPS, MIDDLEWARE, REDIS_URL, env_bool

# --- django-axes: 5 неудач за 15 минут блокируют пару «логин + IP» (и на сайте, и в админке) --------
INSTALLED_APPS += ["axes", "csp"]
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Ответ при блокировке — наша русская страница входа; она не говорит, есть ли такая учётная запись.
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout.lockout_response"
# IP клиента: за обратным прокси — из X-Forwarded-For, место в нём задаёт число доверенных прокси
# (accounts/security/client_ip.py; django-ipware не установлен, настройки AXES_IPWARE_* не действовали —
# за nginx все клиенты были одним адресом nginx и в блокировках, и в журнале).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip.request_client_ip"
AXES_VERBOSE = False

# --- Content-Security-Policy (django-csp 4): ни одного встроенного скрипта и стиля -------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# --- Сессии: простой 30 минут, не дольше 12 часов от входа ----------------------------------------
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30")) * 60
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# С общим кэшем (Redis) сессия читается из него, копия — в базе (accounts/security/sessions.py): на
# каждом запросе GET вместо запроса ORM. Кэш в памяти процесса для этого не годится: выход в одном
# процессе gunicorn не закрыл бы сессию, закэшированную в другом, — без Redis сессии только в базе.
SESSION_ENGINE = (
    "accounts.security.sessions"
    if env_bool("SESSION_CACHED", bool(REDIS_URL))
    else "django.contrib.sessions.backends.db"
)

# Что браузеру запрещено давать странице (камера, геолокация и т. п.): приложению это не нужно.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# Middleware: CSP и наши заголовки — сразу после SecurityMiddleware; axes — последним (так требует axes).
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(2, "accounts.security.middleware.SecurityHeadersMiddleware")
MIDDLEWARE.insert(3, "accounts.security.middleware.RequestSizeLimitMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.security.middleware.SessionTimeoutMiddleware",
)
MIDDLEWARE.append("accounts.security.middleware.SecurityEventMiddleware")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# --- Журнал событий безопасности -----------------------------------------------------------------
SECURITY_EVENT_RETENTION_DAYS = int(os.environ.get("SECURITY_EVENT_RETENTION_DAYS", "365"))

# --- Размер запросов: тело без файлов — не больше 2 МБ, полей формы — не больше 2000 -------------
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MB", "2")) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
from .base import CELERY_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE["accounts-purge-security-events"] = {
    "task": "accounts.tasks.purge_security_events",
    "schedule": 24 * 3600.0,
}
