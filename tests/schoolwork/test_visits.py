"""Посещения: куратор записывает проведённое посещение с вложениями, планирует график и отмечает
проведённым; ошибки — по-русски, введённое остаётся; чужие школы — 404, только чтение — 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from schoolwork.models import Visit, VisitAttachment, VisitStatus
from tests.factories import assign_curator
from tests.schoolwork.factories import make_visit, stored_files, upload

TODAY = timezone.localdate()


def visit_data(**overrides):
    data = {
        "kind": "first",
        "date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "purpose": "Знакомство со школой",
        "participants": "Директор Петрова И. И.",
        "findings": "Уроки проходят по расписанию",
        "recommendations": "Провести педсовет",
        "next_steps": "Следующий визит в марте",
    }
    return {**data, **overrides}


def test_curator_logs_visit_with_several_attachments(a, curator):
    files = [upload("Протокол.pdf"), upload("Фото.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png")]
    response = curator.post(
        reverse("schoolwork:visit_create", args=[a["s1"].pk]), {**visit_data(), "files": files}
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "schoolwork:visit_detail", args=[visit.pk]
    )
    assert visit.status == VisitStatus.DONE and visit.curator == a[Role.CURATOR]
    assert sorted(visit.attachments.values_list("original_name", flat=True)) == ["Протокол.pdf", "Фото.png"]
    page = curator.get(response["Location"]).content.decode()
    assert "Уроки проходят по расписанию" in page and "Протокол.pdf" in page
    assert (TODAY - datetime.timedelta(days=2)).strftime("%d.%m.%Y") in page


def test_rejected_attachment_says_why_and_keeps_the_rest_of_the_input(a, curator):
    bad = upload("отчёт.pdf", b"MZ this is an exe", "application/pdf")
    response = curator.post(
        reverse("schoolwork:visit_create", args=[a["s1"].pk]),
        {**visit_data(), "files": [upload("хороший.pdf"), bad]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл «отчёт.pdf» не принят: допустимы только PDF" in html
    assert "Уроки проходят по расписанию" in html and "Провести педсовет" in html  # ввод сохранён
    assert not Visit.objects.exists() and not VisitAttachment.objects.exists()
    assert stored_files() == []  # проверенный первым файл тоже не записан


def test_oversized_attachment_is_refused_and_nothing_saved(a, curator, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = curator.post(
        reverse("schoolwork:visit_create", args=[a["s1"].pk]),
        {**visit_data(), "files": [upload("большой.pdf", b"%PDF-" + b"1" * 500)]},
    )
    assert "больше" in response.content.decode() and not Visit.objects.exists()


def test_done_visit_cannot_be_in_the_future_and_needs_findings(a, curator):
    tomorrow = (TODAY + datetime.timedelta(days=3)).isoformat()
    html = curator.post(
        reverse("schoolwork:visit_create", args=[a["s1"].pk]), visit_data(date=tomorrow, findings="")
    ).content.decode()
    assert "не может быть в будущем" in html or "Обязательное поле" in html
    assert not Visit.objects.exists()


def test_curator_cannot_log_visit_for_a_year_they_were_not_curator(a, curator):
    html = curator.post(
        reverse("schoolwork:visit_create", args=[a["s1"].pk]), visit_data(date="2022-03-10")
    ).content.decode()
    assert "В 2022 году вы не были куратором" in html and not Visit.objects.exists()
    assign_curator(a[Role.CURATOR], a["s1"], year=2022)
    curator.post(reverse("schoolwork:visit_create", args=[a["s1"].pk]), visit_data(date="2022-03-10"))
    assert Visit.objects.get().date == datetime.date(2022, 3, 10)


def test_visit_plan_creates_one_planned_visit_per_date_then_marked_done(a, curator):
    first, second = TODAY + datetime.timedelta(days=10), TODAY + datetime.timedelta(days=40)
    dates = f"{first:%d.%m.%Y}, {second:%d.%m.%Y}"
    response = curator.post(
        reverse("schoolwork:visit_plan", args=[a["s1"].pk]),
        {"kind": "consultation", "dates": dates, "purpose": "Консультация по программе"},
    )
    assert response.status_code == 302
    planned = list(Visit.objects.order_by("date"))
    assert [v.date for v in planned] == [first, second] and {v.status for v in planned} == {
        VisitStatus.PLANNED
    }
    html = curator.get(reverse("schoolwork:visit_schools")).content.decode()
    assert first.strftime("%d.%m.%Y") in html  # ближайшее по плану

    visit = planned[0]
    url = reverse("schoolwork:visit_complete", args=[visit.pk])
    html = curator.post(url, {"date": TODAY.isoformat(), "findings": ""}).content.decode()
    assert "Обязательное поле" in html
    curator.post(url, {"date": TODAY.isoformat(), "findings": "Провели консультацию", "files": [upload()]})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and visit.date == TODAY and visit.attachments.count() == 1


def test_plan_refuses_unparsable_or_past_dates(a, curator):
    url = reverse("schoolwork:visit_plan", args=[a["s1"].pk])
    html = curator.post(url, {"kind": "other", "dates": "после дождичка", "purpose": "x"}).content.decode()
    assert "Не понял «после»" in html
    html = curator.post(url, {"kind": "other", "dates": "01.02.2021", "purpose": "x"}).content.decode()
    assert "Эти даты уже прошли: 01.02.2021" in html
    assert not Visit.objects.exists()


def test_only_planned_visits_can_be_deleted(a, curator):
    done = make_visit(a["s1"], a[Role.CURATOR])
    planned = make_visit(
        a["s1"], a[Role.CURATOR], status=VisitStatus.PLANNED, date=TODAY + datetime.timedelta(7)
    )
    curator.post(reverse("schoolwork:visit_delete", args=[done.pk]))
    curator.post(reverse("schoolwork:visit_delete", args=[planned.pk]))
    assert list(Visit.objects.all()) == [done]
    assert Visit.history.filter(id=planned.pk, history_type="-").exists()


def test_school_card_shows_visit_history(a, team):
    make_visit(a["s1"], a[Role.CURATOR], date=datetime.date(TODAY.year, 1, 15))
    html = team.get(reverse("schools:school_detail", args=[a["s1"].pk])).content.decode()
    assert f"15.01.{TODAY.year}" in html and "первичное посещение" in html


def test_coordinators_see_visits_across_their_schools_and_who_was_not_visited(world, client_for):
    a = world["a"]
    make_visit(a["s1"], a[Role.CURATOR])
    make_visit(world["b"]["s1"], world["b"][Role.CURATOR])
    client = client_for(a[Role.REGIONAL_COORDINATOR])
    html = client.get(reverse("schoolwork:visits")).content.decode()
    assert "Школа a1" in html and "Школа b1" not in html
    html = client.get(reverse("schoolwork:visit_schools"), {"visited": "no"}).content.decode()
    assert "Школа a2" in html and "Школа a3" in html and "Школа a1" not in html
    municipal = (
        client_for(a[Role.MUNICIPAL_COORDINATOR]).get(reverse("schoolwork:visit_schools")).content.decode()
    )
    assert "Школа a1" in municipal and "Школа a3" not in municipal


def test_visit_list_filters(a, curator):
    make_visit(a["s1"], a[Role.CURATOR], date=datetime.date(TODAY.year, 1, 10))
    make_visit(a["s1"], a[Role.CURATOR], status=VisitStatus.PLANNED, date=TODAY + datetime.timedelta(days=5))
    html = curator.get(reverse("schoolwork:visits"), {"status": "planned"}).content.decode()
    assert "запланировано" in html and f"10.01.{TODAY.year}" not in html
    html = curator.get(reverse("schoolwork:visits"), {"date_to": f"{TODAY.year}-01-31"}).content.decode()
    assert f"10.01.{TODAY.year}" in html


@pytest.mark.parametrize(
    "role", [Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.SCHOOL_TEAM]
)
def test_read_only_roles_get_403_on_visit_writes(a, client_for, role):
    client = client_for(a[role])
    visit = make_visit(a["s1"], a[Role.CURATOR])
    assert client.get(reverse("schoolwork:visit_create", args=[a["s1"].pk])).status_code == 403
    assert client.post(reverse("schoolwork:visit_plan", args=[a["s1"].pk]), {}).status_code == 403
    assert client.get(reverse("schoolwork:visit_edit", args=[visit.pk])).status_code == 403
    assert client.get(reverse("schoolwork:visit_detail", args=[visit.pk])).status_code == 200


def test_another_curator_of_the_school_cannot_edit_the_authors_record(a, client_for):
    from tests.factories import make_member

    visit = make_visit(a["s1"], a[Role.CURATOR])
    other = make_member(Role.CURATOR, region=a["region"])
    assign_curator(other, a["s2"])
    assert client_for(other).get(reverse("schoolwork:visit_edit", args=[visit.pk])).status_code == 404
