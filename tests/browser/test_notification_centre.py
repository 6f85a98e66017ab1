"""Центр уведомлений в настоящем браузере: после утренней рассылки человек видит значок непрочитанных
в шапке, открывает центр, отмечает уведомление прочитанным (htmx, без перезагрузки — значок
уменьшается), переходит по уведомлению к мероприятию на карте и отмечает прочитанным всё остальное.

Данные строятся внутри теста: live_server работает в другом потоке, нужна transactional_db."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from notifications import services
from tests.factories import TEST_PASSWORD, RegionFactory, make_member, make_roadmap
from tests.notifications.factories import make_item

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_person_sees_unread_badge_opens_centre_and_marks_read(page, live_server, login):
    region = RegionFactory(name="Пермский край", timezone="Asia/Yekaterinburg")
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region)
    today = region.local_today()
    roadmap = make_roadmap("regional", region=region, year=today.year)
    seminar = make_item(
        roadmap,
        due=today + timedelta(days=1),
        users=[coordinator],
        description="Провести семинар для директоров",
    )
    make_item(roadmap, due=today + timedelta(days=7), users=[coordinator], description="Собрать отчёты школ")
    make_item(roadmap, due=today + timedelta(days=7), users=[coordinator], description="Подготовить приказ")
    services.region_day_process(region_id=region.pk, day=today)  # вне транзакции теста: письма уходят сразу

    login(page, live_server.url, coordinator.email, TEST_PASSWORD)
    badge = page.locator("header #unread-badge")
    expect(badge).to_have_text("3")

    page.locator("header").get_by_role("link", name="Уведомления").click()
    expect(page.get_by_role("heading", name="Уведомления")).to_be_visible()
    rows = page.locator("#notifications li.notification")
    expect(rows).to_have_count(3)
    page.evaluate("window.__sameDocument = 'без перезагрузки'")

    mark_read = "Отметить прочитанным: Срок через 7 дней: мероприятие 2. Собрать отчёты школ"
    page.get_by_role("button", name=mark_read).click()

    expect(badge).to_have_text("2")
    expect(rows.filter(has_text="Собрать отчёты школ")).to_have_class("notification is-read")
    assert page.evaluate("window.__sameDocument") == "без перезагрузки", "страница перезагрузилась целиком"

    page.get_by_role("link", name="Срок завтра: мероприятие 1. Провести семинар для директоров").click()
    page.wait_for_url(f"**{reverse('roadmaps:detail', kwargs={'roadmap_id': roadmap.pk})}#item-{seminar.pk}")
    expect(page.locator(f"#item-{seminar.pk}")).to_contain_text("Провести семинар для директоров")
    expect(badge).to_have_text("1")  # переход по уведомлению отметил и его

    page.go_back()
    page.reload()
    expect(page.locator("#notifications li.notification.is-unread")).to_have_count(1)
    page.get_by_role("button", name="Отметить все прочитанными").click()
    expect(page.locator("#notifications li.notification.is-read")).to_have_count(3)
    expect(badge).to_be_hidden()
