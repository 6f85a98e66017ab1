"""Центр уведомлений: список (непрочитанные сверху), страница уведомления со строками сводки, переход
к мероприятию, «прочитано» по одному и всё сразу (POST, htmx). Чужое уведомление — 404."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from config.web import paginate
from notifications import selectors, services

PAGE_SIZE = 25


def _page(request):
    return paginate(request, selectors.notification_list(user=request.user), per_page=PAGE_SIZE)


@require_GET
def notification_list(request):
    return render(request, "notifications/list.html", {"page": _page(request)})


@require_GET
def notification_detail(request, notification_id: int):
    notification = selectors.notification_get(user=request.user, notification_id=notification_id)
    content = selectors.notification_content(notification=notification)
    return render(request, "notifications/detail.html", {"notification": notification, "content": content})


@require_GET
def notification_open(request, notification_id: int):
    """Переход по уведомлению отмечает его прочитанным (повтор ничего не меняет) и ведёт к цели —
    пути внутри сайта, записанному при создании уведомления, а не к адресу из запроса."""
    notification = selectors.notification_get(user=request.user, notification_id=notification_id)
    services.notification_mark_read(notification=notification)
    target = notification.target_url
    # Ссылка пишется приложением, но её можно исправить в админке: наружу (и на javascript:) не ведём.
    internal = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if internal else notification.get_absolute_url())


@require_POST
def notification_read(request, notification_id: int):
    notification = selectors.notification_get(user=request.user, notification_id=notification_id)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        # Строка заменяется на месте, значок в шапке — внеполосной заменой (hx-swap-oob).
        html = render_to_string("notifications/_row.html", {"notification": notification}, request=request)
        html += render_to_string(
            "notifications/_badge.html",
            {"unread_notifications": selectors.unread_count(user=request.user), "oob": True},
        )
        return HttpResponse(html)
    if request.POST.get("next") == "detail":
        return redirect(notification.get_absolute_url())
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request):
    marked = services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return render(
            request,
            "notifications/_list.html",
            {"page": _page(request), "oob_badge": True, "unread_notifications": 0},
        )
    messages.success(
        request, f"Отмечено прочитанными: {marked}." if marked else "Непрочитанных уведомлений нет."
    )
    return redirect("notifications:list")
