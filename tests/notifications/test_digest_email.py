"""Письмо-сводка: одно на человека в день, по-русски, разделы по видам, номера как на странице карты,
даты 22.03.2021, абсолютные ссылки от SITE_URL; выполненное после подбора в письмо не попадает."""

from datetime import timedelta

import pytest

from notifications import services
from notifications.digest import item_numbers, ru_plural
from notifications.models import DigestEmail, Notification
from roadmaps import services as roadmap_services
from roadmaps.models import Item, ItemStatus
from roadmaps.selectors import item_number
from tests.notifications.conftest import DAY, mails_to
from tests.notifications.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (1, "напоминание"),
        (2, "напоминания"),
        (4, "напоминания"),
        (5, "напоминаний"),
        (11, "напоминаний"),
        (12, "напоминаний"),
        (21, "напоминание"),
        (22, "напоминания"),
        (111, "напоминаний"),
    ],
)
def test_russian_plural(number, word):
    assert ru_plural(number, "напоминание", "напоминания", "напоминаний") == word


def test_item_numbers_match_the_map_page(perm):
    first = roadmap_services.section_create(roadmap=perm.regional, title="Подготовительный этап")
    second = roadmap_services.section_create(roadmap=perm.regional, title="Информационное сопровождение")
    for index, section in enumerate([None, first, second, first, None, second, second]):
        roadmap_services.item_create(
            actor=None, roadmap=perm.regional, section=section, description=f"М{index}"
        )

    numbers = item_numbers([perm.regional.pk])

    assert {item.pk: item_number(item) for item in Item.objects.filter(roadmap=perm.regional)} == numbers
    assert sorted(numbers.values()) == ["1", "2", "3.1", "3.2", "4.1", "4.2", "4.3"]


def test_one_russian_digest_per_person_with_sections_dates_and_links(perm, run_day, outbox, settings):
    settings.SITE_URL = "https://500plus.example.ru/"
    person = perm.regional_coordinator
    section = roadmap_services.section_create(roadmap=perm.regional, title="Подготовительный этап")
    soon = roadmap_services.item_create(
        actor=None,
        roadmap=perm.regional,
        section=section,
        users=[person],
        description="Провести семинар для директоров школ\nс участием кураторов",
        period_text="Ноябрь 2026",
    )
    tomorrow = make_item(
        perm.regional, due=DAY + timedelta(days=1), users=[person], description="Сдать отчёт"
    )
    late = make_item(
        perm.regional, due=DAY - timedelta(days=3), users=[person], description="Утвердить приказ"
    )

    run_day(perm.region)

    [message] = mails_to(outbox, person.email)
    # Четыре строки: три личных и просрочка ещё раз — в сводке координатора.
    assert message.subject == "Сроки по дорожным картам: 4 напоминания на 23.11.2026"
    body = message.body
    assert body.startswith("Здравствуйте, Анна Петровна!")
    headings = ["Срок через 7 дней", "Срок завтра", "Просрочено", "Сводка для координатора"]
    assert [body.index(h) for h in headings] == sorted(body.index(h) for h in headings)
    assert (
        "— 3.1. Провести семинар для директоров школ\n" in body
    )  # раздел идёт после двух пунктов без раздела
    assert "Срок: Ноябрь 2026 (окончание 30.11.2026). Региональная карта «Пермский край», 2026." in body
    assert "— 1. Сдать отчёт\n  Срок: до 24.11.2026. Региональная карта" in body
    for item in (soon, tomorrow, late):
        assert f"https://500plus.example.ru/roadmaps/{perm.regional.pk}/#item-{item.pk}\n" in body
    assert "https://500plus.example.ru/accounts/profile/" in body
    assert "\n\n\n" not in body


def test_item_done_between_selection_and_sending_is_left_out(
    perm, django_capture_on_commit_callbacks, outbox
):
    done = make_item(
        perm.regional, due=DAY + timedelta(days=1), users=[perm.staff], description="Уже сделано"
    )
    make_item(perm.regional, due=DAY + timedelta(days=7), users=[perm.staff], description="Ещё впереди")
    with django_capture_on_commit_callbacks(execute=False):
        services.region_day_process(region_id=perm.region.pk, day=DAY)
    Item.objects.filter(pk=done.pk).update(status=ItemStatus.DONE, completed_on=DAY)

    with django_capture_on_commit_callbacks(execute=True):  # письмо уходит своей задачей после коммита
        services.digest_send(digest_id=DigestEmail.objects.get(user=perm.staff).pk)

    [message] = mails_to(outbox, perm.staff.email)
    assert message.subject == "Сроки по дорожным картам: 1 напоминание на 23.11.2026"
    assert "Уже сделано" not in message.body and "Ещё впереди" in message.body
    assert list(Notification.objects.filter(user=perm.staff).values_list("title", flat=True)) == [
        "Срок через 7 дней: мероприятие 2. Ещё впереди"
    ]


def test_deactivated_person_gets_neither_mail_nor_notifications(perm, run_day, outbox):
    make_item(perm.regional, due=DAY + timedelta(days=1), users=[perm.staff])
    perm.staff.is_active = False
    perm.staff.save()

    run_day(perm.region)

    assert mails_to(outbox, perm.staff.email) == []
    assert not Notification.objects.filter(user=perm.staff).exists()
