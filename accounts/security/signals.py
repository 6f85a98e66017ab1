"""Приёмники сигналов входа/выхода и блокировки: только запись события в журнал безопасности."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.security.events import security_event_record
from accounts.security.middleware import session_mark_login
from accounts.security.models import SecurityEventKind


@receiver(user_logged_in, dispatch_uid="security_login")
def on_login(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEventKind.LOGIN, user=user, request=request)
    session_mark_login(request)


@receiver(user_logged_out, dispatch_uid="security_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "security_logout_reason", "")
        details = {"reason": reason} if reason else None
        security_event_record(kind=SecurityEventKind.LOGOUT, user=user, request=request, details=details)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")[:254]
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username=username, request=request)


@receiver(user_locked_out, dispatch_uid="security_lockout")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    security_event_record(kind=SecurityEventKind.LOCKOUT, username=str(username or "")[:254], request=request)
