from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from accounts.security import signals  # noqa: F401  (журнал событий безопасности)
        from config.echo import cap_validation_echoes

        cap_validation_echoes()  # сообщения о неверном значении повторяют ввод не длиннее 100 знаков
