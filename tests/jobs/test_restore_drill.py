"""Учения по восстановлению на демо-данных: pg_dump -Fc → отдельная база → сверка строк всех таблиц
и чтение всех файлов; потерянный файл учения находят, а сайт отвечает на него 404 с записью в журнал."""

import logging

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.load import load_demo
from schoolwork.models import DocumentVersion

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump видит только зафиксированное


@pytest.fixture
def demo(require_postgres):
    load_demo()
    assert DocumentVersion.objects.exists()  # у демо есть файлы — учения проверяют и их


def scratch_name() -> str:
    return connection.settings_dict["NAME"].removeprefix("test_") + "_drill"


def test_restore_drill_on_demo_data_restores_every_row_and_file_and_finds_a_lost_one(demo, capsys):
    call_command("restore_drill", scratch_db=scratch_name())

    out = capsys.readouterr().out
    assert "Учения пройдены" in out
    assert "расходится" not in out and "нет файла" not in out
    assert "Файлов прочитано" in out

    # Файл потерян (копия каталога неполная) — учения это находят и называют файл.
    version = DocumentVersion.objects.first()
    default_storage.delete(version.file.name)

    with pytest.raises(CommandError, match="Копия негодна"):
        call_command("restore_drill", scratch_db=scratch_name())

    assert f"нет файла: {version.file.name}" in capsys.readouterr().out


def test_missing_file_answers_404_and_logs_an_error(demo, caplog):
    version = DocumentVersion.objects.select_related("document__school").first()
    default_storage.delete(version.file.name)
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email="admin@demo.500plus.ru"))

    with caplog.at_level(logging.ERROR, logger="schoolwork.files"):
        response = client.get(reverse("schoolwork:document_file", args=[version.pk]))

    assert response.status_code == 404
    assert any("не найден в хранилище" in record.getMessage() for record in caplog.records)
