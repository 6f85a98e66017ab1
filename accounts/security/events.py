"""Запись событий безопасности: строка в таблице и структурированная строка журнала (JSON).

IP, адрес и метод берутся из текущего запроса (его кладёт SecurityEventMiddleware), поэтому службы
вроде выдачи роли могут записать событие, не зная о запросе.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.security.models import SecurityEvent, SecurityEventKind

logger = logging.getLogger("security")

current_request: ContextVar[HttpRequest | None] = ContextVar("security_current_request", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    """IP клиента так же, как его видит django-axes (с учётом доверенных прокси из настроек)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # нестандартный META (тестовый запрос без адреса) — просто без IP
        return request.META.get("REMOTE_ADDR") or None


def security_event_record(
    *,
    kind: SecurityEventKind | str,
    user=None,
    username: str = "",
    request: HttpRequest | None = None,
    details: dict | None = None,
) -> SecurityEvent:
    request = request if request is not None else current_request.get()
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    event = SecurityEvent(
        kind=kind,
        user=user,
        username=(username or (user.email if user is not None else ""))[:254],
        ip_address=client_ip(request),
        method=(request.method or "")[:10] if request is not None else "",
        path=request.path[:500] if request is not None else "",
        details=details or {},
    )
    event.save()
    logger.info(
        json.dumps(
            {
                "event": "security",
                "kind": str(kind),
                "user_id": event.user_id,
                "username": event.username,
                "ip": event.ip_address,
                "method": event.method,
                "path": event.path,
                "time": event.created_at.isoformat(),
                **({"details": event.details} if event.details else {}),
            },
            ensure_ascii=False,
        )
    )
    return event


def security_events_purge(*, now=None) -> int:
    """Удаляет записи старше SECURITY_EVENT_RETENTION_DAYS. Возвращает, сколько удалено."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    # Query-level delete: модель запрещает удалять записи по одной, чистка по сроку — единственный путь.
    expired = SecurityEvent.objects.filter(created_at__lt=cutoff)
    return expired._raw_delete(expired.db)
