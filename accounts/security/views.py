"""Стандартные представления паролей Django, которые ещё и пишут событие в журнал безопасности."""

from django.contrib.auth import views as auth_views

from accounts.security.events import security_event_record
from accounts.security.models import SecurityEventKind


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=form.user, request=self.request)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        security_event_record(kind=SecurityEventKind.PASSWORD_RESET, user=form.user, request=self.request)
        return response
