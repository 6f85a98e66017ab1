"""Данные для тестов напоминаний: мероприятие со сроком и уведомление без запуска рассылки."""

from datetime import date

from notifications.models import Notification, NotificationKind
from roadmaps import services
from roadmaps.models import Item, ItemStatus


def make_item(
    roadmap, *, due: date, users=(), status: str = ItemStatus.NOT_STARTED, description: str = ""
) -> Item:
    """Мероприятие через сервис карт: срок пишется текстом, как у людей, и разбирается парсером."""
    item = services.item_create(
        actor=None,
        roadmap=roadmap,
        description=description or f"Мероприятие со сроком {due:%d.%m.%Y}",
        period_text=f"до {due:%d.%m.%Y}",
        status=status,
        completed_on=due if status == ItemStatus.DONE else None,
        users=list(users),
    )
    assert item.period_end == due, "парсер срока должен был разобрать дату"
    return item


def make_notification(
    user, *, title: str = "Срок завтра: 1. Провести семинар", read: bool = False, link: str = "/"
):
    return Notification.objects.create(
        user=user,
        kind=NotificationKind.DUE_TOMORROW,
        title=title,
        text="Срок: до 24.11.2026.",
        link=link,
        is_read=read,
    )
