from django.utils.functional import SimpleLazyObject

from notifications import selectors


def unread_notifications(request):
    """Число непрочитанных для значка в шапке: один count-запрос и только если шаблон его выводит
    (ответы htmx без шапки запроса не делают)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user=user))}
