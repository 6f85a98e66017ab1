"""Журнал: каждая строка один раз, id запроса в каждой строке и в заголовке ответа X-Request-ID,
в продакшене — JSON (одна строка — один объект), по желанию — ошибки в Sentry (SENTRY_DSN).

id запроса приходит от nginx (X-Request-ID, см. deploy/nginx) или создаётся здесь; вне запроса — «-».
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

from django.core.signals import request_finished

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Первым в MIDDLEWARE: id запроса — в журнал (через контекст) и в заголовок ответа.

    Контекст сбрасывается не на выходе из middleware, а по сигналу request_finished: Django пишет
    «Not Found»/«Internal Server Error» уже после цепочки middleware, и эти строки тоже должны нести id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        _request_id.set(request_id)
        request.request_id = request_id
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _forget_request_id(**kwargs) -> None:
    _request_id.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="config.log.forget_request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """Одна строка JSON: время (UTC, ISO 8601), уровень, логгер, сообщение, id запроса, исключение."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, fmt: str = "text", level: str = "INFO") -> dict:
    """LOGGING для Django: один обработчик у корня; логгер django своих обработчиков не имеет и
    только передаёт записи корню (иначе при DEBUG каждая строка django.* печаталась дважды)."""
    formatter = "json" if fmt == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.log.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "config.log.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": formatter},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            # Строки runserver («GET / 200») — тоже через корень, с тем же форматом.
            "django.server": {"handlers": [], "level": level, "propagate": True},
            "django.db.backends": {"level": "WARNING"},
        },
    }


def init_sentry(dsn: str, *, environment: str = "production") -> bool:
    """Отчёты об ошибках в Sentry, если задан SENTRY_DSN; без него ничего не делает."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=0.0,
    )
    sentry_sdk.set_tag("service", "roadmap500")
    return True
