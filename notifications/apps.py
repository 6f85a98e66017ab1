from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Напоминания и уведомления"

    def ready(self) -> None:
        import access as scoping
        from hooks import events as hooks
        from notifications import events
        from notifications.models import Notification, NotificationKind
        from notifications.selectors import notifications_visible

        # Уведомления личные: их видит только адресат, включая федеральных сотрудников.
        scoping.register_visible(Notification, notifications_visible)

        # Сервисы справочника, карт и работы со школами сообщают о событиях через крючки (hooks.events):
        # уведомления стоят выше них, и они их не импортируют.
        hooks.roadmap_transition_notify.fill(events.roadmap_transition_notify)
        hooks.document_uploaded_notify.fill(events.document_uploaded_notify)
        hooks.document_reviewed_notify.fill(events.document_reviewed_notify)
        hooks.curator_changed_notify.fill(events.curator_changed_notify)
        hooks.risk_profile_verified_notify.fill(events.risk_profile_verified_notify)

        def visit_notify(*, visit, kind: str, actor) -> int:
            return events.visit_notify(visit=visit, kind=NotificationKind(kind), actor=actor)

        hooks.visit_notify.fill(visit_notify)
