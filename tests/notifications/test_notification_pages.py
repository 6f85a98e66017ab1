"""Центр уведомлений: по классу на роль — свои уведомления видны и отмечаются, чужие (коллеги того же
региона и даже федерального сотрудника) — 404; htmx-отметки, значок в шапке, страница сводки, число
запросов списка и переключатель писем в профиле."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from notifications.models import Notification, NotificationKind
from tests.factories import make_member
from tests.notifications.conftest import DAY, mails_to
from tests.notifications.factories import make_item, make_notification

pytestmark = pytest.mark.django_db


def url(name, notification=None):
    return reverse(name, kwargs={"notification_id": notification.pk} if notification else None)


class RoleNotificationPages:
    """Общие проверки; подкласс задаёт роль (данные — фикстура world: регионы А и Б)."""

    role: str

    @pytest.fixture
    def me(self, world):
        return world[self.role] if self.role == Role.FEDERAL_STAFF else world["a"][self.role]

    @pytest.fixture
    def colleague(self, world):
        """Человек того же региона с той же ролью — его уведомления тоже чужие."""
        a = world["a"]
        scope = {
            Role.FEDERAL_STAFF: {},
            Role.REGIONAL_STAFF: {"region": a["region"]},
            Role.REGIONAL_COORDINATOR: {"region": a["region"]},
            Role.MUNICIPAL_COORDINATOR: {"municipality": a["m1"]},
            Role.CURATOR: {"region": a["region"]},
            Role.SCHOOL_TEAM: {"school": a["s1"]},
        }[self.role]
        return make_member(self.role, **scope)

    def test_sees_and_marks_own_notifications(self, me, client_for):
        mine = make_notification(me, title="Срок завтра: 1.2. Провести семинар")
        client = client_for(me)

        page = client.get(url("notifications:list")).content.decode()
        assert "Срок завтра: 1.2. Провести семинар" in page
        assert client.get(url("notifications:detail", mine)).status_code == 200
        assert client.post(url("notifications:read", mine)).status_code == 302
        mine.refresh_from_db()
        assert mine.is_read and mine.read_at is not None

    def test_another_persons_notification_is_404(self, me, colleague, world, client_for):
        others = [
            make_notification(colleague),
            make_notification(world[Role.FEDERAL_STAFF]),
            make_notification(world["b"][Role.REGIONAL_COORDINATOR]),
        ]
        client = client_for(me)
        for other in others:
            if other.user_id == me.pk:
                continue
            assert client.get(url("notifications:detail", other)).status_code == 404
            assert client.get(url("notifications:open", other)).status_code == 404
            assert client.post(url("notifications:read", other)).status_code == 404
            other.refresh_from_db()
            assert not other.is_read

    def test_list_and_mark_all_touch_only_own(self, me, colleague, client_for):
        make_notification(me, title="Моё напоминание")
        foreign = make_notification(colleague, title="Чужое напоминание")
        client = client_for(me)

        assert "Чужое напоминание" not in client.get(url("notifications:list")).content.decode()
        client.post(url("notifications:read_all"))

        assert not Notification.objects.filter(user=me, is_read=False).exists()
        foreign.refresh_from_db()
        assert not foreign.is_read


class TestFederalStaff(RoleNotificationPages):
    role = Role.FEDERAL_STAFF


class TestRegionalStaff(RoleNotificationPages):
    role = Role.REGIONAL_STAFF


class TestRegionalCoordinator(RoleNotificationPages):
    role = Role.REGIONAL_COORDINATOR


class TestMunicipalCoordinator(RoleNotificationPages):
    role = Role.MUNICIPAL_COORDINATOR


class TestCurator(RoleNotificationPages):
    role = Role.CURATOR


class TestSchoolTeam(RoleNotificationPages):
    role = Role.SCHOOL_TEAM


def test_anonymous_is_sent_to_login(client, world):
    notification = make_notification(world["a"][Role.CURATOR])
    for name in ("notifications:detail", "notifications:open", "notifications:read"):
        response = (
            client.post(url(name, notification))
            if name.endswith("read")
            else client.get(url(name, notification))
        )
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_header_badge_counts_unread_and_htmx_mark_read_updates_it(world, client_for):
    me = world["a"][Role.CURATOR]
    first, second = make_notification(me), make_notification(me)
    make_notification(me, read=True)
    client = client_for(me)
    assert 'id="unread-badge"' in (page := client.get(reverse("home")).content.decode())
    assert 'aria-label="непрочитанных: 2">2</span>' in page

    response = client.post(url("notifications:read", first), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert f'id="notification-{first.pk}" class="notification is-read"' in html
    assert 'hx-swap-oob="true"' in html and ">1</span>" in html
    response = client.post(url("notifications:read_all"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="notifications"' in html and "hidden" in html.split('id="unread-badge"')[1].split(">")[0]
    second.refresh_from_db()
    assert second.is_read


def test_unread_come_first(world, client_for):
    me = world["a"][Role.CURATOR]
    make_notification(me, title="Старое непрочитанное")
    make_notification(me, title="Новое прочитанное", read=True)
    html = client_for(me).get(url("notifications:list")).content.decode()
    assert html.index("Старое непрочитанное") < html.index("Новое прочитанное")


def test_open_marks_read_and_leads_to_the_item(perm, run_day, client_for):
    item = make_item(
        perm.regional, due=DAY + timedelta(days=1), users=[perm.staff], description="Сдать отчёт"
    )
    run_day(perm.region)
    notification = Notification.objects.get(user=perm.staff)
    assert notification.title == "Срок завтра: мероприятие 1. Сдать отчёт"

    response = client_for(perm.staff).get(url("notifications:open", notification))

    expected = reverse("roadmaps:detail", kwargs={"roadmap_id": perm.regional.pk}) + f"#item-{item.pk}"
    assert response.status_code == 302 and response["Location"] == expected
    notification.refresh_from_db()
    assert notification.is_read
    assert client_for(perm.staff).get(expected).status_code == 200


def test_coordinator_digest_page_lists_items_with_links(perm, run_day, client_for):
    first = make_item(perm.municipal, due=DAY - timedelta(days=2), description="Собрать отчёты школ")
    second = make_item(perm.school_map, due=DAY - timedelta(days=1), description="Утвердить программу")
    run_day(perm.region)
    digest = Notification.objects.get(user=perm.kungur_coordinator, kind=NotificationKind.COORDINATOR_DIGEST)
    assert digest.text == "Просроченных мероприятий: 2."

    html = (
        client_for(perm.kungur_coordinator)
        .get(url("notifications:open", digest), follow=True)
        .content.decode()
    )

    assert "Просроченные мероприятия (2)" in html
    for item in (first, second):
        assert f'/roadmaps/{item.roadmap_id}/#item-{item.pk}"' in html
    assert "1. Собрать отчёты школ" in html and "1. Утвердить программу" in html


@pytest.mark.parametrize("count", [10, 200])
def test_list_query_count_does_not_grow(world, client_for, django_assert_max_num_queries, count):
    me = world["a"][Role.REGIONAL_COORDINATOR]
    Notification.objects.bulk_create(
        Notification(user=me, kind=NotificationKind.OVERDUE, title=f"Просрочено: {i}", link="/")
        for i in range(count)
    )
    client = client_for(me)
    with django_assert_max_num_queries(8):  # сессия, пользователь, роли, меню, счётчик, страница
        response = client.get(url("notifications:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="notification is-unread"') == min(count, 25)


def test_profile_toggle_turns_reminder_mail_off_and_on(perm, client_for, run_day, outbox):
    client = client_for(perm.staff)
    profile = reverse("accounts:profile")
    assert "Присылать напоминания на почту" in client.get(profile).content.decode()
    fields = {"last_name": perm.staff.last_name, "first_name": perm.staff.first_name}

    assert client.post(profile, fields).status_code == 302  # флажок не отмечен — письма выключены
    perm.staff.refresh_from_db()
    assert perm.staff.email_notifications is False
    make_item(perm.regional, due=DAY + timedelta(days=1), users=[perm.staff])
    run_day(perm.region)
    assert mails_to(outbox, perm.staff.email) == []
    assert Notification.objects.filter(user=perm.staff).count() == 1

    client.post(profile, {**fields, "email_notifications": "on"})
    perm.staff.refresh_from_db()
    assert perm.staff.email_notifications is True
