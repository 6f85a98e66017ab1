"""Кому и о чём напоминают за местный день региона: границы сроков, статусы, ответственные и владельцы
карты, сводки координаторов, непредставленные муниципальные карты."""

from datetime import timedelta

import pytest
from django.core import mail

from accounts.models import Role
from notifications.models import Reminder, ReminderKind
from roadmaps import services
from roadmaps.models import ItemStatus, MapStatus, RoadMap
from schools.models import Municipality
from tests.factories import assign_curator, make_member, make_roadmap
from tests.notifications.conftest import DAY, YEAR, mails_to
from tests.notifications.factories import make_item

pytestmark = pytest.mark.django_db


def kinds_for(user) -> dict[int, str]:
    return dict(Reminder.objects.filter(user=user).values_list("item_id", "kind"))


def test_boundaries_of_due_in_seven_days_tomorrow_and_overdue(perm, run_day):
    person = perm.regional_coordinator
    by_offset = {
        offset: make_item(perm.regional, due=DAY + timedelta(days=offset), users=[person])
        for offset in (8, 7, 6, 2, 1, 0, -1, -30, -365, -366)
    }

    run_day(perm.region)

    kinds = {
        k: v
        for k, v in kinds_for(person).items()
        if v in (ReminderKind.DUE_SOON, ReminderKind.DUE_TOMORROW, ReminderKind.OVERDUE)
    }
    assert kinds == {
        by_offset[7].pk: ReminderKind.DUE_SOON,
        by_offset[1].pk: ReminderKind.DUE_TOMORROW,
        by_offset[-1].pk: ReminderKind.OVERDUE,
        by_offset[-30].pk: ReminderKind.OVERDUE,
        by_offset[-365].pk: ReminderKind.OVERDUE,  # старше года — уже не поднимаем
    }


@pytest.mark.parametrize("status", [ItemStatus.DONE, ItemStatus.CANCELLED, ItemStatus.FAILED])
def test_closed_items_are_not_reminded(perm, run_day, outbox, status):
    for offset in (7, 1, -3):
        make_item(perm.regional, due=DAY + timedelta(days=offset), users=[perm.staff], status=status)

    run_day(perm.region)

    assert not Reminder.objects.exists()
    assert outbox == []


def test_in_progress_item_is_reminded(perm, run_day):
    item = make_item(
        perm.regional, due=DAY + timedelta(days=1), users=[perm.staff], status=ItemStatus.IN_PROGRESS
    )
    run_day(perm.region)
    assert kinds_for(perm.staff) == {item.pk: ReminderKind.DUE_TOMORROW}


def test_responsible_people_are_reminded_instead_of_map_owners(perm, run_day):
    item = make_item(perm.regional, due=DAY + timedelta(days=7), users=[perm.staff, perm.curator])

    run_day(perm.region)

    assert set(Reminder.objects.filter(item=item).values_list("user_id", flat=True)) == {
        perm.staff.pk,
        perm.curator.pk,
    }


def test_without_responsible_people_map_owners_are_reminded(perm, run_day):
    regional = make_item(perm.regional, due=DAY + timedelta(days=7))
    municipal = make_item(perm.municipal, due=DAY + timedelta(days=7))
    school = make_item(perm.school_map, due=DAY + timedelta(days=7))
    # Куратор школы прошлого года и отключённый член команды — не владельцы карты этого года.
    old_curator = make_member(Role.CURATOR, region=perm.region, email="old-curator@perm.test")
    assign_curator(old_curator, perm.school, year=YEAR - 1)
    inactive = make_member(Role.SCHOOL_TEAM, school=perm.school, email="left@school1.test")
    inactive.is_active = False
    inactive.save()

    run_day(perm.region)

    def recipients(item):
        return set(
            Reminder.objects.filter(item=item, kind=ReminderKind.DUE_SOON).values_list("user_id", flat=True)
        )

    assert recipients(regional) == {perm.regional_coordinator.pk}
    assert recipients(municipal) == {perm.kungur_coordinator.pk}
    assert recipients(school) == {perm.team.pk, perm.curator.pk}


def test_curator_whose_role_was_revoked_is_not_reminded(perm, run_day):
    item = make_item(perm.school_map, due=DAY + timedelta(days=1))
    perm.curator.memberships.update(is_active=False)

    run_day(perm.region)

    assert set(Reminder.objects.filter(item=item).values_list("user_id", flat=True)) == {perm.team.pk}


def test_coordinators_get_overdue_digest_of_their_scope(perm, run_day, outbox):
    regional = make_item(
        perm.regional,
        due=DAY - timedelta(days=2),
        users=[perm.staff],
        description="Провести региональный семинар",
    )
    kungur = make_item(
        perm.municipal,
        due=DAY - timedelta(days=5),
        users=[perm.staff],
        description="Собрать отчёты школ Кунгура",
    )
    school = make_item(
        perm.school_map,
        due=DAY - timedelta(days=1),
        users=[perm.staff],
        description="Утвердить антирисковую программу",
    )
    chusovoy_map = make_roadmap("municipal", municipality=perm.chusovoy, year=YEAR)
    chusovoy = make_item(
        chusovoy_map,
        due=DAY - timedelta(days=3),
        users=[perm.staff],
        description="Провести совещание в Чусовом",
    )
    make_item(perm.regional, due=DAY + timedelta(days=1), users=[perm.staff])  # не просрочено

    run_day(perm.region)

    def digest_items(user):
        return set(
            Reminder.objects.filter(user=user, kind=ReminderKind.COORDINATOR_OVERDUE).values_list(
                "item_id", flat=True
            )
        )

    assert digest_items(perm.regional_coordinator) == {regional.pk, kungur.pk, school.pk, chusovoy.pk}
    assert digest_items(perm.kungur_coordinator) == {kungur.pk, school.pk}
    assert digest_items(perm.chusovoy_coordinator) == {chusovoy.pk}
    assert digest_items(perm.staff) == set()  # сотрудник министерства не координатор

    [message] = mails_to(outbox, "mc@kungur.test")
    assert "Сводка для координатора" in message.body
    assert "Собрать отчёты школ Кунгура" in message.body
    assert "Утвердить антирисковую программу" in message.body
    assert "Провести совещание в Чусовом" not in message.body
    assert "Провести региональный семинар" not in message.body


def test_maps_not_submitted_by_regional_deadline(perm, run_day, outbox):
    RoadMap.objects.filter(pk=perm.regional.pk).update(municipal_deadline=DAY - timedelta(days=1))
    third = Municipality.objects.create(region=perm.region, name="Осинский городской округ")
    submitted = make_roadmap("municipal", municipality=third, year=YEAR)
    RoadMap.objects.filter(pk=submitted.pk).update(status=MapStatus.SUBMITTED)
    # Кунгур: карта-черновик; Чусовой: карты нет вовсе; Оса: отправлена — её не упоминаем.

    run_day(perm.region)

    late = Reminder.objects.filter(kind=ReminderKind.MAP_NOT_SUBMITTED)
    assert set(late.filter(user=perm.regional_coordinator).values_list("municipality_id", flat=True)) == {
        perm.kungur.pk,
        perm.chusovoy.pk,
    }
    assert set(late.filter(user=perm.kungur_coordinator).values_list("municipality_id", flat=True)) == {
        perm.kungur.pk
    }
    [message] = mails_to(outbox, "rc@perm.test")
    assert "Муниципальные карты не представлены в срок (2)" in message.body
    assert "Кунгурский муниципальный округ" in message.body and "черновик" in message.body
    assert "Чусовской городской округ" in message.body and "карта не начата" in message.body
    assert f"Срок представления: {DAY - timedelta(days=1):%d.%m.%Y}" in message.body
    assert "Осинский" not in message.body


def test_no_late_maps_before_the_deadline(perm, run_day):
    RoadMap.objects.filter(pk=perm.regional.pk).update(municipal_deadline=DAY)
    run_day(perm.region)
    assert not Reminder.objects.filter(kind=ReminderKind.MAP_NOT_SUBMITTED).exists()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ItemStatus.NOT_STARTED, (ReminderKind.OVERDUE, DAY - timedelta(days=2))),  # первая точка прошла
        (ItemStatus.IN_PROGRESS, None),  # начато: до последней точки напоминать не о чем
    ],
)
def test_an_unstarted_item_with_checkpoints_is_reminded_of_the_first_one(perm, run_day, status, expected):
    """«DAY-2, DAY+60»: две контрольные даты; не начатое мероприятие просрочено с первой."""
    first, last = DAY - timedelta(days=2), DAY + timedelta(days=60)
    item = services.item_create(
        actor=None,
        roadmap=perm.regional,
        description="Мониторинг сайтов школ",
        period_text=f"{first:%d.%m.%Y}, {last:%d.%m.%Y}",
        status=status,
    )
    item.responsible_users.set([perm.staff])
    run_day(perm.region)
    got = Reminder.objects.filter(user=perm.staff, item=item).values_list("kind", "due_date")
    assert list(got) == ([expected] if expected else [])
    if expected:
        [message] = [m for m in mail.outbox if m.to == [perm.staff.email]]
        assert f"(контрольный срок {first:%d.%m.%Y} — работа должна начаться)" in message.body
