"""Демо работы со школами: посещения и документы Мышкинского МР на месте, повторный запуск ничего не пишет."""

from io import StringIO

import pytest
from django.apps import apps

from demo.load import load_demo
from demo.schoolwork import load_schoolwork_demo
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument, Visit, VisitStatus
from tests.schoolwork.factories import stored_files

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("schoolwork").get_models()
    }


def test_demo_has_visits_and_documents_and_second_run_writes_nothing():
    load_demo()
    load_schoolwork_demo()  # вызывается и из load_demo; здесь — чтобы проверить повтор отдельно
    visits = Visit.objects.filter(school__municipality__name="Мышкинский муниципальный район")
    assert visits.filter(status=VisitStatus.DONE).count() == 2
    assert visits.filter(status=VisitStatus.PLANNED).count() == 1
    assert visits.get(kind="first").attachments.get().original_name == "Протокол первичного посещения.docx"
    documents = SchoolDocument.objects.filter(school__short_name="МОУ Мышкинская СОШ")
    assert documents.get(kind=DocumentKind.CONCEPT).status == DocumentStatus.CONFIRMED
    assert documents.get(kind=DocumentKind.MIDTERM).status == DocumentStatus.UPLOADED
    files_before, rows_before = stored_files(), _row_counts()
    out = StringIO()
    load_schoolwork_demo(stdout=out)
    assert _row_counts() == rows_before and stored_files() == files_before and out.getvalue() == ""
