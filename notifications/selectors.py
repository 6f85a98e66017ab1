"""Чтение уведомлений. Всё — только свои: политика зарегистрирована в access."""

from django.db.models import QuerySet
from django.utils import timezone

import access as scoping
from accounts.models import User
from notifications.digest import DigestContent, digest_content, reminders_with_related
from notifications.models import Notification


def notifications_visible(user: User) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk)


def notification_list(*, user: User) -> QuerySet[Notification]:
    """Непрочитанные сверху, затем новые. Ссылка и текст хранятся в строке — один запрос на страницу."""
    return scoping.visible(user, Notification).order_by("is_read", "-created_at", "-pk")


def notification_get(*, user: User, notification_id: int) -> Notification:
    return scoping.get_visible_or_404(user, Notification, notification_id)


def unread_count(*, user: User) -> int:
    return scoping.visible(user, Notification).filter(is_read=False).count()


def notification_content(*, notification: Notification) -> DigestContent:
    """Строки уведомления (у сводки координатора — все её мероприятия и карты) с номерами и ссылками;
    число запросов не зависит от числа строк."""
    day = timezone.localdate(notification.created_at)
    return digest_content(day=day, reminders=reminders_with_related(notification.reminders.all()))
