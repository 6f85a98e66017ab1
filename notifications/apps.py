from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Напоминания и уведомления"

    def ready(self) -> None:
        from accounts import scoping
        from notifications.models import Notification
        from notifications.selectors import notifications_visible

        # Уведомления личные: их видит только адресат, включая федеральных сотрудников.
        scoping.register_visible(Notification, notifications_visible)
