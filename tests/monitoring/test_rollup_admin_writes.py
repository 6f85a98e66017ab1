"""Правка в админке Django меняет то же, что считают показатели (посещения, документы, рисковые профили,
школы и их участие, муниципалитеты, регионы): она, как и сервисы, отмечает регионы устаревшими в своей
транзакции — после коммита хранимые показатели снова равны эталону figures.compute."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from monitoring import rollup
from monitoring.models import RollupDirty, RollupLevel
from schools.models import Municipality, RiskProfile
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument, Visit, VisitStatus
from tests.monitoring.test_rollups import YEAR, reference, stored
from tests.security.test_admin_stale_saves import _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(figures_world):
    rollup.rollup_recompute_all(years=[YEAR, YEAR - 1])
    assert stored() == reference()
    superuser = User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1")
    client = Client()
    client.force_login(superuser)
    return client


def _change(client, model, pk, **changes):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    data = {**_post_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def _delete(client, model, pk):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_delete", args=[pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def _region_row(world) -> dict:
    return stored()[(RollupLevel.REGION, world["region"].pk)]


def _after_commit_matches_reference(world, django_capture_on_commit_callbacks, write) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write()
        assert RollupDirty.objects.filter(region=world["region"]).exists(), "регион не отмечен"
    assert stored() == reference()


def test_admin_marks_a_visit_done(figures_world, admin_client_, django_capture_on_commit_callbacks):
    visit = Visit.objects.get(school=figures_world["s2"])
    _after_commit_matches_reference(
        figures_world,
        django_capture_on_commit_callbacks,
        lambda: _change(admin_client_, Visit, visit.pk, status=VisitStatus.DONE, findings="Всё посмотрели"),
    )
    assert _region_row(figures_world)["schools_visited"] == 2


def test_admin_returns_a_confirmed_document(figures_world, admin_client_, django_capture_on_commit_callbacks):
    document = SchoolDocument.objects.get(school=figures_world["s2"], kind=DocumentKind.MONITORING_1)
    _after_commit_matches_reference(
        figures_world,
        django_capture_on_commit_callbacks,
        lambda: _change(
            admin_client_,
            SchoolDocument,
            document.pk,
            status=DocumentStatus.RETURNED,
            review_comment="Переделать",
            confirmed_version="",
        ),
    )
    assert _region_row(figures_world)["stage1_confirmed"] == 0


def test_admin_deletes_last_years_risk_profile(
    figures_world, admin_client_, django_capture_on_commit_callbacks
):
    """Профиль прошлого года — база «риски снизились» этого года: отмечается и следующий год."""
    profile = RiskProfile.objects.get(school=figures_world["s3"], year=YEAR - 1)
    _after_commit_matches_reference(
        figures_world,
        django_capture_on_commit_callbacks,
        lambda: _delete(admin_client_, RiskProfile, profile.pk),
    )
    assert _region_row(figures_world)["risk_decreased"] == 0


def test_admin_removes_a_schools_participation(
    figures_world, admin_client_, django_capture_on_commit_callbacks
):
    school = figures_world["s3"]
    url = reverse("admin:schools_school_change", args=[school.pk])
    data = _post_data(admin_client_.get(url))
    prefix = next(k for k in data if k.endswith("-0-year")).removesuffix("-0-year")
    rows = int(data[f"{prefix}-TOTAL_FORMS"])
    mine = next(i for i in range(rows) if data[f"{prefix}-{i}-year"] == str(YEAR))
    data[f"{prefix}-{mine}-DELETE"] = "on"

    def write():
        assert admin_client_.post(url, data).status_code == 302

    _after_commit_matches_reference(figures_world, django_capture_on_commit_callbacks, write)
    assert _region_row(figures_world)["schools_total"] == 2


def test_admin_adds_a_municipality(figures_world, admin_client_, django_capture_on_commit_callbacks):
    def write():
        response = admin_client_.post(
            reverse("admin:schools_municipality_add"),
            {
                "name": "Новый район",
                "kind": Municipality._meta.get_field("kind").choices[0][0],
                "region": figures_world["region"].pk,
            },
        )
        assert response.status_code == 302

    _after_commit_matches_reference(figures_world, django_capture_on_commit_callbacks, write)
    assert _region_row(figures_world)["municipalities_total"] == 3


def test_admin_bulk_deletes_visits(figures_world, admin_client_, django_capture_on_commit_callbacks):
    visits = list(Visit.objects.filter(school__municipality__region=figures_world["region"]))

    def write():
        response = admin_client_.post(
            reverse("admin:schoolwork_visit_changelist"),
            {"action": "delete_selected", "_selected_action": [v.pk for v in visits], "post": "yes"},
        )
        assert response.status_code == 302
        assert not Visit.objects.filter(pk__in=[v.pk for v in visits]).exists()

    _after_commit_matches_reference(figures_world, django_capture_on_commit_callbacks, write)
    assert _region_row(figures_world)["schools_visited"] == 0
