"""Переход по уведомлению ведёт только внутрь сайта: ссылка уведомления, исправленная в админке на
чужой сайт («//evil.example», https://…) или на javascript:, не превращается в перенаправление наружу
(и не в 400) — человек попадает на страницу самого уведомления."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.notifications.factories import make_notification


@pytest.mark.parametrize(
    "link",
    [
        "//evil.example/x",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        " //evil.example",
    ],
)
def test_open_never_redirects_off_site(world, client_for, link):
    me = world["a"][Role.CURATOR]
    notification = make_notification(me, link=link)
    response = client_for(me).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == notification.get_absolute_url()


def test_open_follows_an_internal_link(world, client_for):
    me = world["a"][Role.CURATOR]
    notification = make_notification(me, link="/roadmaps/?x=1#item-5")
    response = client_for(me).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/roadmaps/?x=1#item-5"
