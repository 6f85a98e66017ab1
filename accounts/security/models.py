"""Журнал событий безопасности: только добавление; чистка старше срока хранения — одной службой."""

from django.conf import settings
from django.db import models


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "вход"
    LOGIN_FAILED = "login_failed", "неудачный вход"
    LOCKOUT = "lockout", "блокировка входа"
    LOGOUT = "logout", "выход"
    PASSWORD_CHANGED = "password_changed", "смена пароля"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "запрос восстановления пароля"
    PASSWORD_RESET = "password_reset", "пароль задан по ссылке"
    INVITATION = "invitation", "приглашение"
    ROLE_GRANTED = "role_granted", "роль выдана"
    ROLE_REVOKED = "role_revoked", "роль отозвана"
    USER_DISABLED = "user_disabled", "учётная запись отключена"
    USER_ENABLED = "user_enabled", "учётная запись включена"
    FORBIDDEN = "forbidden", "отказ в доступе (403)"
    NOT_FOUND = "not_found", "объект не найден (404)"


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Журнал событий безопасности только пополняется: изменять записи нельзя.")


class SecurityEvent(models.Model):
    """Одна запись журнала: кто (или под каким логином пытались), откуда, что и когда."""

    kind = models.CharField("событие", max_length=40, choices=SecurityEventKind.choices)
    created_at = models.DateTimeField("время", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # запись журнала переживает удаление учётной записи
        related_name="+",
    )
    username = models.CharField("логин", max_length=254, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    method = models.CharField("метод", max_length=10, blank=True)
    path = models.CharField("адрес", max_length=500, blank=True)
    details = models.JSONField("подробности", default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        app_label = "accounts"
        verbose_name = "событие безопасности"
        verbose_name_plural = "журнал событий безопасности"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="secevent_kind_idx"),
            models.Index(fields=["user", "-created_at"], name="secevent_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.username or self.user_id or '—'}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("Журнал событий безопасности только пополняется: изменять записи нельзя.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Записи журнала удаляет только чистка по сроку хранения (security_events_purge).")
