"""Уведомления о событиях работы: нужные люди получают ровно одно уведомление с точной ссылкой;
повтор (задача Celery перезапущена, сервис вызван снова с тем же событием) не добавляет ни одного;
письмо о событиях уходит раз в день, с учётом отключённых писем."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from jobs.models import OutboundMail
from notifications import events
from notifications.event_digest import event_digest_send, event_digests_dispatch
from notifications.models import DigestEmail, EventDigestEmail, Notification, NotificationKind, pending_events
from notifications.services import digest_send, region_day_process
from roadmaps import services as roadmap_services
from roadmaps.models import Transition
from schools import services as school_services
from schools.models import Participation
from schoolwork import services as work_services
from schoolwork.models import DocumentKind
from tests.factories import make_member, make_roadmap
from tests.notifications.factories import make_item
from tests.schoolwork.factories import THIS_YEAR, make_profile, make_visit, upload

pytestmark = pytest.mark.django_db


def received(user, kind=None):
    notes = Notification.objects.filter(user=user)
    return list(notes.filter(kind=kind) if kind else notes)


def assert_one(user, kind, link):
    notes = received(user, kind)
    assert len(notes) == 1, f"{user}: {[n.title for n in received(user)]}"
    assert notes[0].link == link
    return notes[0]


@pytest.fixture
def municipal(world):
    return make_roadmap("municipal", municipality=world["a"]["m1"], items=1)


def test_map_submitted_reaches_the_regions_coordinators_once(world, municipal):
    a = world["a"]
    second_coordinator = make_member(Role.REGIONAL_COORDINATOR, region=a["region"])
    roadmap_services.roadmap_submit(roadmap=municipal, actor=a[Role.MUNICIPAL_COORDINATOR], comment="Готово")
    link = reverse("roadmaps:detail", kwargs={"roadmap_id": municipal.pk})
    for coordinator in (a[Role.REGIONAL_COORDINATOR], second_coordinator):
        note = assert_one(coordinator, NotificationKind.MAP_SUBMITTED, link)
        assert "Готово" in note.text
    assert received(a[Role.MUNICIPAL_COORDINATOR]) == []  # автор сам знает, что отправил
    assert received(world["b"][Role.REGIONAL_COORDINATOR]) == []
    # повтор задачи с тем же событием
    transition = Transition.objects.get(roadmap=municipal, to_status="submitted")
    assert events.roadmap_transition_notify(transition=transition) == 0
    assert len(received(a[Role.REGIONAL_COORDINATOR])) == 1


def test_map_returned_with_comment_and_approved_reach_the_municipal_coordinators(world, municipal):
    a = world["a"]
    reviewer, author = a[Role.REGIONAL_COORDINATOR], a[Role.MUNICIPAL_COORDINATOR]
    link = reverse("roadmaps:detail", kwargs={"roadmap_id": municipal.pk})
    roadmap_services.roadmap_submit(roadmap=municipal, actor=author)
    roadmap_services.roadmap_return(roadmap=municipal, actor=reviewer, comment="Добавьте сроки")
    note = assert_one(author, NotificationKind.MAP_RETURNED, link + "#review-comment")
    assert "Добавьте сроки" in note.text
    roadmap_services.roadmap_submit(roadmap=municipal, actor=author)
    roadmap_services.roadmap_approve(roadmap=municipal, actor=reviewer)
    assert_one(author, NotificationKind.MAP_APPROVED, link)
    assert len(received(reviewer, NotificationKind.MAP_SUBMITTED)) == 2  # две отправки — два события


def test_school_map_submitted_to_curator_and_approved_to_school_team(world):
    a = world["a"]
    school_map = make_roadmap("school", municipality=a["m1"], school=a["s1"], items=1)
    link = reverse("roadmaps:detail", kwargs={"roadmap_id": school_map.pk})
    roadmap_services.roadmap_submit(roadmap=school_map, actor=a[Role.SCHOOL_TEAM])
    assert_one(a[Role.CURATOR], NotificationKind.MAP_SUBMITTED, link)
    roadmap_services.roadmap_approve(roadmap=school_map, actor=a[Role.CURATOR])
    assert_one(a[Role.SCHOOL_TEAM], NotificationKind.MAP_APPROVED, link)
    assert received(a[Role.MUNICIPAL_COORDINATOR]) == []


def test_document_uploaded_reaches_the_curator_and_review_reaches_the_school(world):
    a = world["a"]
    team, curator = a[Role.SCHOOL_TEAM], a[Role.CURATOR]
    version = work_services.document_upload(
        actor=team, file=upload(), school=a["s1"], year=THIS_YEAR, kind=DocumentKind.CONCEPT
    )
    document = version.document
    link = reverse("schoolwork:document_detail", kwargs={"document_id": document.pk})
    assert_one(curator, NotificationKind.DOC_UPLOADED, link)
    assert events.document_uploaded_notify(version=version, actor=team) == 0  # повтор

    work_services.document_return(actor=curator, document=document, comment="Нет подписи директора")
    note = assert_one(team, NotificationKind.DOC_RETURNED, link)
    assert "Нет подписи директора" in note.text

    work_services.document_upload(actor=team, file=upload(), document=document)
    assert len(received(curator, NotificationKind.DOC_UPLOADED)) == 2
    document.refresh_from_db()
    work_services.document_confirm(actor=curator, document=document)
    assert_one(team, NotificationKind.DOC_CONFIRMED, link)


def test_visit_planned_moved_and_done_reach_the_school_team(world):
    a = world["a"]
    team, curator = a[Role.SCHOOL_TEAM], a[Role.CURATOR]
    Participation.objects.get_or_create(school=a["s1"], year=THIS_YEAR)
    day = a["region"].local_today() + datetime.timedelta(days=3)
    (visit,) = work_services.visit_plan(
        actor=curator, school=a["s1"], kind="first", dates=[day], purpose="Знакомство"
    )
    link = reverse("schoolwork:visit_detail", kwargs={"visit_id": visit.pk})
    assert_one(team, NotificationKind.VISIT_PLANNED, link)
    work_services.visit_update(
        actor=curator, visit=visit, kind="first", date=day + datetime.timedelta(days=1), purpose="Знакомство"
    )
    assert_one(team, NotificationKind.VISIT_MOVED, link)
    work_services.visit_update(
        actor=curator,
        visit=visit,
        kind="first",
        date=day + datetime.timedelta(days=1),
        purpose="Знакомство и уроки",
    )
    assert len(received(team, NotificationKind.VISIT_MOVED)) == 1  # дата та же — переноса нет
    visit.refresh_from_db()
    work_services.visit_complete(
        actor=curator, visit=visit, date=a["region"].local_today(), findings="Посетили уроки"
    )
    assert_one(team, NotificationKind.VISIT_DONE, link)
    assert received(curator) == []


def test_curator_assigned_and_removed_reach_the_curator_and_the_school(world):
    a = world["a"]
    school = a["s2"]
    Participation.objects.get_or_create(school=school, year=THIS_YEAR)
    school_team = make_member(Role.SCHOOL_TEAM, school=school)
    curator = make_member(Role.CURATOR, region=a["region"])
    coordinator = a[Role.REGIONAL_COORDINATOR]
    link = reverse("schools:school_detail", kwargs={"school_id": school.pk})
    school_services.curator_assign(actor=coordinator, school=school, curator=curator, year=THIS_YEAR)
    school_services.curator_assign(
        actor=coordinator, school=school, curator=curator, year=THIS_YEAR
    )  # повтор
    for person in (curator, school_team):
        assert_one(person, NotificationKind.CURATOR_ASSIGNED, link)
    school_services.curator_assign(actor=coordinator, school=school, curator=None, year=THIS_YEAR)
    for person in (curator, school_team):
        assert_one(person, NotificationKind.CURATOR_REMOVED, link)
    assert received(coordinator) == []


def test_risk_profile_verified_reaches_the_school_team(world):
    a = world["a"]
    team, curator = a[Role.SCHOOL_TEAM], a[Role.CURATOR]
    profile = make_profile(a["s1"])
    make_visit(a["s1"], curator, date=timezone.localdate().replace(month=1, day=2))
    levels = {row.factor_id: row.level for row in profile.levels.all()}
    work_services.risk_profile_verify(actor=curator, profile=profile, levels=levels, reasons={})
    link = reverse("schoolwork:risk_profile", kwargs={"school_id": a["s1"].pk}) + f"?year={profile.year}"
    assert_one(team, NotificationKind.PROFILE_VERIFIED, link)


def test_inactive_people_get_nothing(world, municipal):
    a = world["a"]
    coordinator = a[Role.REGIONAL_COORDINATOR]
    coordinator.is_active = False
    coordinator.save()
    roadmap_services.roadmap_submit(roadmap=municipal, actor=a[Role.MUNICIPAL_COORDINATOR])
    assert received(coordinator) == []


def test_events_go_into_the_one_daily_digest_of_the_home_region_once_and_respect_the_opt_out(
    world, municipal, settings, django_capture_on_commit_callbacks
):
    """Одно письмо в день на человека: события едут в сводке дня его региона; отключивший письма
    письма не получает."""
    settings.SITE_URL = "https://500plus.example.ru"
    a = world["a"]
    coordinator, opted_out = (
        a[Role.REGIONAL_COORDINATOR],
        make_member(Role.REGIONAL_COORDINATOR, region=a["region"]),
    )
    opted_out.email_notifications = False
    opted_out.save()
    roadmap_services.roadmap_submit(roadmap=municipal, actor=a[Role.MUNICIPAL_COORDINATOR])
    mail.outbox.clear()
    day = a["region"].local_today()
    with django_capture_on_commit_callbacks(execute=True):
        region_day_process(region_id=a["region"].pk, day=day)
    ours = [m for m in mail.outbox if m.to in ([coordinator.email], [opted_out.email])]
    assert [m.to for m in ours] == [[coordinator.email]]
    sent = len(mail.outbox)
    message = ours[0]
    assert message.subject.endswith(f"1 событие на {day:%d.%m.%Y}")
    assert "События по вашей работе (1)" in message.body and municipal.title in message.body
    url = "https://500plus.example.ru" + reverse("roadmaps:detail", kwargs={"roadmap_id": municipal.pk})
    assert url in message.body
    # повтор задачи сводки, дня региона и отдельного письма о событиях — ни второго письма, ни строк
    with django_capture_on_commit_callbacks(execute=True):
        for digest in DigestEmail.objects.all():
            assert digest_send(digest_id=digest.pk) is False
        region_day_process(region_id=a["region"].pk, day=day)
        assert event_digests_dispatch(now=timezone.now().replace(hour=23)) == []
    assert len(mail.outbox) == sent
    assert not EventDigestEmail.objects.exists()
    assert not pending_events().exists()
    assert OutboundMail.objects.filter(to=[coordinator.email]).count() == 1


def test_reminders_and_events_of_one_person_come_in_one_email(
    world, municipal, django_capture_on_commit_callbacks
):
    a = world["a"]
    coordinator = a[Role.MUNICIPAL_COORDINATOR]
    day = a["region"].local_today()
    make_item(municipal, due=day + datetime.timedelta(days=1), users=[coordinator], description="Семинар")
    roadmap_services.roadmap_submit(roadmap=municipal, actor=coordinator)
    roadmap_services.roadmap_return(
        roadmap=municipal, actor=a[Role.REGIONAL_COORDINATOR], comment="Нет сроков"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        region_day_process(region_id=a["region"].pk, day=day)
        event_digests_dispatch(now=timezone.now().replace(hour=23))
    mine = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(mine) == 1
    assert mine[0].subject.startswith("Сроки и события по дорожным картам: ")
    assert ", 1 событие на " in mine[0].subject
    assert "Семинар" in mine[0].body and "Нет сроков" in mine[0].body


def test_a_person_without_a_region_gets_events_in_a_separate_keyed_letter_once(
    world, django_capture_on_commit_callbacks
):
    federal = make_member(Role.FEDERAL_STAFF, email="federal@example.ru")
    events.notify(
        kind=NotificationKind.MAP_SUBMITTED,
        key="test:1",
        recipient_ids=[federal.pk],
        title="Карта",
        link="/x/",
    )
    morning = timezone.now().replace(hour=9)  # после EVENT_DIGEST_HOUR по времени сервера
    with django_capture_on_commit_callbacks(execute=True):
        queued = event_digests_dispatch(now=morning)
    assert len(queued) == 1
    assert [m.to for m in mail.outbox] == [[federal.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert event_digest_send(digest_id=queued[0]) is False
        assert event_digests_dispatch(now=morning) == []
    assert len(mail.outbox) == 1
    assert OutboundMail.objects.get().key == f"notifications.events:{queued[0]}"


def test_a_person_with_only_events_gets_the_region_digest_for_them(world, django_capture_on_commit_callbacks):
    a = world["a"]
    newcomer = make_member(Role.REGIONAL_STAFF, region=a["region"], email="staff@example.ru")
    events.notify(
        kind=NotificationKind.MAP_SUBMITTED, key="test:2", recipient_ids=[newcomer.pk], title="К", link="/x/"
    )
    day = a["region"].local_today()
    with django_capture_on_commit_callbacks(execute=True):
        region_day_process(region_id=a["region"].pk, day=day)
    [message] = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert message.subject == f"События по вашей работе: 1 событие на {day:%d.%m.%Y}"
    assert "Напоминания по дорожным картам" not in message.body
