"""Крючки уведомлений о событиях работы. Заполняет notifications (NotificationsConfig.ready) функциями
notifications.events: сервис вызывает крючок в своей транзакции — уведомление появляется сразу и
откатывается вместе с действием. Имена и аргументы — те же, что у функций notifications.events."""

from __future__ import annotations

from hooks import Hook

# Вид события посещения — значения notifications.models.NotificationKind.
VISIT_PLANNED = "visit_planned"
VISIT_MOVED = "visit_moved"
VISIT_DONE = "visit_done"

roadmap_transition_notify = Hook("hooks.events.roadmap_transition_notify", "notifications")
document_uploaded_notify = Hook("hooks.events.document_uploaded_notify", "notifications")
document_reviewed_notify = Hook("hooks.events.document_reviewed_notify", "notifications")
visit_notify = Hook("hooks.events.visit_notify", "notifications")  # kind — одно из VISIT_*
curator_changed_notify = Hook("hooks.events.curator_changed_notify", "notifications")
risk_profile_verified_notify = Hook("hooks.events.risk_profile_verified_notify", "notifications")
