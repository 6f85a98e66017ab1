"""Проверки здоровья и страница «Сервис временно недоступен».

/livez/ — процесс жив и отвечает (для перезапуска контейнера): базу и брокер не трогает, иначе сбой
PostgreSQL перезапускал бы все веб-процессы разом. /healthz/ — готовность: база и брокер отвечают
(для балансировщика, мониторинга и зависимостей в docker-compose)."""

from __future__ import annotations

import contextlib
import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error

from jobs.enqueue import broker_reachable

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Проверка базы: недоступна (%s)", error)
        with contextlib.suppress(DatabaseError):
            connection.close()  # мёртвое соединение не должно достаться следующему запросу
        return False
    return True


@never_cache
@login_not_required
def livez(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@login_not_required
def healthz(request):
    checks = {"database": database_reachable(), "broker": broker_reachable()}
    body = "\n".join(f"{name}: {'ok' if good else 'fail'}" for name, good in checks.items())
    if all(checks.values()):
        return HttpResponse("ok\n" + body, content_type="text/plain")
    return HttpResponse("fail\n" + body, content_type="text/plain", status=503)


def unavailable_response() -> HttpResponse:
    """Страница без базы: шаблон рисуется без контекст-процессоров (они читают базу)."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "60"
    return response


def server_error_or_unavailable(request, *args, **kwargs):
    """handler500: если причина — недоступная база, человек видит «Сервис временно недоступен» (503)."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.error("База данных недоступна: %s", error)
        return unavailable_response()
    return server_error(request, *args, **kwargs)
