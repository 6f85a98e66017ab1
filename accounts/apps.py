from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from accounts.security import signals  # noqa: F401  (журнал событий безопасности)
