"""Удаление подтверждённого документа: документ уходит вместе с версиями, а подтверждённую версию одну
удалить нельзя (подтверждение без версии запрещено ограничением базы — раньше это был ответ 500)."""

import pytest
from django.db.models import RestrictedError
from django.urls import reverse

from accounts.models import Role, User
from schoolwork.models import DocumentStatus, DocumentVersion, SchoolDocument
from schoolwork.services.documents import document_confirm
from tests.schoolwork.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(world):
    curator = world["a"][Role.CURATOR]
    document = make_document(world["a"]["s1"], curator, versions=2)
    return document_confirm(actor=curator, document=document)


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1"))
    return client


def test_deleting_a_confirmed_document_removes_it_with_its_versions(confirmed):
    assert confirmed.status == DocumentStatus.CONFIRMED
    confirmed.delete()
    assert not SchoolDocument.objects.filter(pk=confirmed.pk).exists()
    assert not DocumentVersion.objects.filter(document_id=confirmed.pk).exists()


def test_admin_deletes_a_confirmed_document(confirmed, admin_client):
    url = reverse("admin:schoolwork_schooldocument_delete", args=[confirmed.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not SchoolDocument.objects.filter(pk=confirmed.pk).exists()


def test_the_confirmed_version_alone_cannot_be_deleted(confirmed):
    with pytest.raises(RestrictedError):
        confirmed.confirmed_version.delete()
    confirmed.refresh_from_db()
    assert confirmed.status == DocumentStatus.CONFIRMED and confirmed.confirmed_version is not None
    other = confirmed.versions.exclude(pk=confirmed.confirmed_version_id).get()
    other.delete()  # неподтверждённую — можно
    assert confirmed.versions.count() == 1
