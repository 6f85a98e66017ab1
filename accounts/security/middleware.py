"""Middleware защиты: заголовки, предел размера запроса, тайм-ауты сессии, события 403/404."""

from __future__ import annotations

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string

from accounts.security.events import current_request, security_event_record
from accounts.security.models import SecurityEventKind


class SecurityHeadersMiddleware:
    """Permissions-Policy на каждом ответе и никакого заголовка Server от приложения."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if "Server" in response.headers:
            del response.headers["Server"]
        return response


class RequestSizeLimitMiddleware:
    """Отказывает сразу по Content-Length, не читая тело: больше допустимой загрузки (UPLOAD_MAX_BYTES)
    с запасом на поля формы не принимает ни одна страница."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            body = render_to_string(
                "413.html", {"limit_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}, request=None
            )
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


SESSION_STARTED_KEY = "_security_started_at"
SESSION_SEEN_KEY = "_security_seen_at"
# Время последней активности записываем не чаще раза в минуту: иначе каждая страница писала бы сессию.
SEEN_RESOLUTION_SECONDS = 60


def session_mark_login(request: HttpRequest | None) -> None:
    """Отметки времени входа кладём в сессию сразу при входе: она и так сохраняется, лишней записи нет."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SESSION_STARTED_KEY] = now
        session[SESSION_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Сессия заканчивается после SESSION_IDLE_TIMEOUT секунд простоя и SESSION_ABSOLUTE_TIMEOUT от входа."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED_KEY)
            seen = session.get(SESSION_SEEN_KEY)
            if started is None:
                session[SESSION_STARTED_KEY] = started = now
            if seen is None:
                seen = now
            idle = now - seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or too_old:
                # Событие выхода запишет приёмник сигнала user_logged_out — с этой причиной.
                request.security_logout_reason = "idle_timeout" if idle else "absolute_timeout"
                logout(request)
                messages.info(request, "Сессия завершена после долгого бездействия. Войдите снова.")
                login_url = resolve_url(settings.LOGIN_URL)
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return redirect(f"{login_url}?next={quote(request.path)}")
            if now - seen >= SEEN_RESOLUTION_SECONDS or SESSION_SEEN_KEY not in session:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class SecurityEventMiddleware:
    """Делает запрос доступным службам журнала и пишет 403 (на любом адресе) и 404 на адресах объектов."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if response.status_code in (403, 404):
            self._record(request, response.status_code)
        return response

    @staticmethod
    def _record(request: HttpRequest, status: int) -> None:
        match = getattr(request, "resolver_match", None)
        is_object_url = match is not None and bool(match.kwargs)
        if status == 404 and not is_object_url:
            return
        security_event_record(
            kind=SecurityEventKind.FORBIDDEN if status == 403 else SecurityEventKind.NOT_FOUND,
            request=request,
            details={"view": match.view_name} if match is not None else {},
        )
