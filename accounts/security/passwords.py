"""Восстановление пароля: запрос ставит задачу, письмо собирает и отправляет задача."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from accounts.security.events import security_event_record
from accounts.security.models import SecurityEventKind


def password_reset_request(*, email: str, request=None) -> None:
    email = email.strip()[:254]
    security_event_record(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED, username=email, request=request)
    from accounts.tasks import send_password_reset

    transaction.on_commit(lambda: send_password_reset.delay(email))


def password_reset_send(*, email: str) -> int:
    """Письма со ссылкой всем активным учётным записям с этим адресом (обычно одна или ни одной)."""
    from accounts.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    return form.send_now(domain=site.netloc, use_https=site.scheme == "https")
