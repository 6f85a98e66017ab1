"""Восстановление пароля: запрос ставит задачу, письмо собирает и отправляет задача."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db import transaction

from accounts.models import User
from accounts.security.events import security_event_record
from accounts.security.models import SecurityEventKind
from jobs.enqueue import task_named


def password_reset_request(*, email: str, request=None) -> None:
    email = email.strip()[:254]
    security_event_record(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED, username=email, request=request)
    # По имени: задача сама вызывает password_reset_send отсюда (модули не импортируют друг друга).
    transaction.on_commit(lambda: task_named("accounts.tasks.send_password_reset").delay(email))


def password_reset_send(*, email: str) -> int:
    """Письма со ссылкой всем активным учётным записям с этим адресом (обычно одна или ни одной)."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    return form.send_now(domain=site.netloc, use_https=site.scheme == "https")


class PasswordResetForm(DjangoPasswordResetForm):
    """Ссылку на пароль получают и приглашённые, ещё не задавшие пароль (у Django их пропускают):
    иначе устаревшее приглашение нельзя было бы восстановить самому."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, *, request=None, **kwargs):
        """Письмо уходит фоновой задачей, а поиск учётной записи — тоже в ней: ответ страницы не зависит
        от того, есть ли такой адрес (и от того, как быстро отвечает почтовый сервер)."""
        password_reset_request(email=self.cleaned_data["email"], request=request)

    def send_now(self, *, domain: str, use_https: bool) -> int:
        """Отправляет письма сейчас (из задачи). Возвращает, скольким людям."""
        users = list(self.get_users(self.cleaned_data["email"]))
        super().save(domain_override=domain, use_https=use_https)
        return len(users)
