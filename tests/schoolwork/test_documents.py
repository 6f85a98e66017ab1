"""Документы школы: команда загружает (новая версия не стирает старые), куратор подтверждает или
возвращает с комментарием, состояние видно по школам вверх по иерархии."""

import pytest
from django.urls import reverse

from accounts.models import Role
from schoolwork.models import DocumentKind, DocumentStatus, DocumentVersion, SchoolDocument
from tests.schoolwork.factories import (
    THIS_YEAR,
    docx_bytes,
    make_document,
    make_profile,
    stored_files,
    upload,
)


def upload_concept(team, school, name="Концепция.pdf", content=None):
    return team.post(
        reverse("schoolwork:document_upload", args=[school.pk]) + f"?year={THIS_YEAR}",
        {"kind": "concept", "file": upload(name, content), "comment": "Первая редакция"},
    )


def test_new_versions_keep_the_old_ones(a, team):
    upload_concept(team, a["s1"], "Концепция v1.pdf")
    document = SchoolDocument.objects.get()
    team.post(
        reverse("schoolwork:document_new_version", args=[document.pk]),
        {"file": upload("Концепция v2.docx", docx_bytes()), "comment": "Учли замечания"},
    )
    versions = list(document.versions.order_by("number"))
    assert [(v.number, v.original_name) for v in versions] == [
        (1, "Концепция v1.pdf"),
        (2, "Концепция v2.docx"),
    ]
    assert len({v.file.name for v in versions}) == 2 and len(stored_files()) == 2
    html = team.get(reverse("schoolwork:document_detail", args=[document.pk])).content.decode()
    assert "Концепция v1.pdf" in html and "Концепция v2.docx" in html and "Загружена версия 2" in html
    for version in versions:  # обе версии скачиваются
        response = team.get(reverse("schoolwork:document_file", args=[version.pk]))
        assert (
            response.status_code == 200
            and version.original_name.split(".")[-1] in response["Content-Disposition"]
        )


def test_same_kind_in_a_year_goes_to_the_same_document(a, team):
    upload_concept(team, a["s1"])
    upload_concept(team, a["s1"])
    assert SchoolDocument.objects.count() == 1 and DocumentVersion.objects.count() == 2


def test_curator_confirms_and_school_sees_the_confirmation(a, team, curator):
    upload_concept(team, a["s1"])
    document = SchoolDocument.objects.get()
    response = curator.post(
        reverse("schoolwork:document_confirm", args=[document.pk]), {"seen_version": 1, "comment": "Хорошо"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.CONFIRMED and document.confirmed_version.number == 1
    html = team.get(reverse("schoolwork:school_documents", args=[a["s1"].pk])).content.decode()
    assert "подтверждён куратором" in html


def test_return_needs_a_comment_and_a_new_version_goes_back_to_review(a, team, curator):
    upload_concept(team, a["s1"])
    document = SchoolDocument.objects.get()
    url = reverse("schoolwork:document_return", args=[document.pk])
    response = curator.post(url, {"seen_version": 1, "comment": ""})
    assert response.status_code == 400 and "Напишите, что нужно исправить" in response.content.decode()
    curator.post(url, {"seen_version": 1, "comment": "Нет целевых показателей"})
    document.refresh_from_db()
    assert document.status == DocumentStatus.RETURNED
    html = team.get(reverse("schoolwork:school_documents", args=[a["s1"].pk])).content.decode()
    assert "возвращён на доработку" in html and "Нет целевых показателей" in html
    team.post(reverse("schoolwork:document_new_version", args=[document.pk]), {"file": upload()})
    document.refresh_from_db()
    assert document.status == DocumentStatus.UPLOADED


def test_curator_cannot_confirm_a_version_they_have_not_seen(a, team, curator):
    upload_concept(team, a["s1"])
    document = SchoolDocument.objects.get()
    team.post(reverse("schoolwork:document_new_version", args=[document.pk]), {"file": upload()})
    response = curator.post(reverse("schoolwork:document_confirm", args=[document.pk]), {"seen_version": 1})
    assert "загрузила версию 2" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.UPLOADED


def test_hostile_upload_is_refused_with_reason_and_input_kept(a, team):
    response = team.post(
        reverse("schoolwork:document_upload", args=[a["s1"].pk]),
        {
            "kind": "other",
            "title": "Отчёт о самообследовании",
            "file": upload("отчёт.docx", b"#!/bin/sh\nrm -rf /"),
        },
    )
    html = response.content.decode()
    assert "Файл «отчёт.docx» не принят" in html and "Отчёт о самообследовании" in html
    assert not SchoolDocument.objects.exists() and stored_files() == []


def test_antirisk_programme_only_for_an_activated_direction(a, team):
    profile = make_profile(a["s1"], verified_by=a[Role.CURATOR], directions=(1, 3))
    active = profile.levels.get(factor__number=1)
    inactive = profile.levels.get(factor__number=2)
    url = reverse("schoolwork:document_upload", args=[a["s1"].pk])
    html = team.post(url, {"kind": "antirisk", "direction": inactive.pk, "file": upload()}).content.decode()
    assert "куратор не активировал в профиле школы" in html and not SchoolDocument.objects.exists()
    team.post(url, {"kind": "antirisk", "direction": active.pk, "file": upload()})
    document = SchoolDocument.objects.get()
    assert document.direction == active and document.kind == DocumentKind.ANTIRISK
    html = team.get(reverse("schoolwork:school_documents", args=[a["s1"].pk])).content.decode()
    assert "Антирисковая программа: 1. Тестовый фактор 1" in html
    assert "Антирисковая программа: 3. Тестовый фактор 3" in html  # ещё не загружена, но ожидается


def test_matrix_shows_state_per_school_up_the_hierarchy(world, client_for):
    a = world["a"]
    make_document(a["s1"], a[Role.SCHOOL_TEAM])
    make_document(
        a["s2"],
        a[Role.SCHOOL_TEAM],
        kind=DocumentKind.MIDTERM,
        status=DocumentStatus.RETURNED,
        review_comment="Доработать",
    )
    for user in (world[Role.FEDERAL_STAFF], a[Role.REGIONAL_STAFF], a[Role.MUNICIPAL_COORDINATOR]):
        html = client_for(user).get(reverse("schoolwork:documents"), {"year": THIS_YEAR}).content.decode()
        assert "Школа a1" in html and "загружен, ждёт проверки" in html and "возвращён на доработку" in html
    html = client_for(a[Role.MUNICIPAL_COORDINATOR]).get(reverse("schoolwork:documents")).content.decode()
    assert "Школа a3" not in html and "Школа b1" not in html


@pytest.mark.parametrize(
    "role", [Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.CURATOR]
)
def test_only_the_school_team_uploads(a, client_for, role):
    client = client_for(a[role])
    document = make_document(a["s1"], a[Role.SCHOOL_TEAM])
    assert client.get(reverse("schoolwork:document_upload", args=[a["s1"].pk])).status_code == 403
    assert (
        client.post(
            reverse("schoolwork:document_new_version", args=[document.pk]), {"file": upload()}
        ).status_code
        == 403
    )
    assert document.versions.count() == 1


@pytest.mark.parametrize(
    "role", [Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.SCHOOL_TEAM]
)
def test_only_the_curator_confirms(a, client_for, role):
    document = make_document(a["s1"], a[Role.SCHOOL_TEAM])
    response = client_for(a[role]).post(
        reverse("schoolwork:document_confirm", args=[document.pk]), {"seen_version": 1}
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == DocumentStatus.UPLOADED


def test_federal_staff_reads_but_cannot_confirm(world, client_for):
    a = world["a"]
    document = make_document(a["s1"], a[Role.SCHOOL_TEAM])
    client = client_for(world[Role.FEDERAL_STAFF])
    assert client.get(reverse("schoolwork:document_detail", args=[document.pk])).status_code == 200
    assert (
        client.post(
            reverse("schoolwork:document_confirm", args=[document.pk]), {"seen_version": 1}
        ).status_code
        == 403
    )
