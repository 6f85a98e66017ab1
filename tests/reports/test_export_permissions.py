"""Права на каждую выгрузку для каждой роли (объекты региона А; чужой регион — в tests/access).
Не положено — 404 на GET и на POST, и задание не создаётся; положено — файл или задание."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from monitoring import services as monitoring_services
from reports.models import ExportJob
from tests.access.urlconf import app_urls
from tests.factories import make_roadmap
from tests.reports.files import response_bytes

# Имя адреса → (как построить адрес по world и объектам, маленькая ли выгрузка — отдаётся файлом сразу)
CASES = {
    "reports:roadmap": lambda w, o: reverse("reports:roadmap", args=[o["roadmap"].pk, "xlsx"]),
    "reports:stage": lambda w, o: reverse("reports:stage", args=[o["snapshot"].pk, "xlsx"]),
    "reports:curator": lambda w, o: reverse("reports:curator", args=[w["a"]["s1"].pk, "xlsx"]),
    "reports:region_documents": lambda w, o: reverse(
        "reports:region_documents", args=[w["a"]["region"].pk, "xlsx"]
    ),
    "reports:region_items": lambda w, o: reverse("reports:region_items", args=[w["a"]["region"].pk, "xlsx"]),
    "reports:national": lambda w, o: reverse("reports:national", args=["xlsx"]),
    "reports:national_items": lambda w, o: reverse("reports:national_items", args=["xlsx"]),
}
REGION_WIDE = {"reports:stage", "reports:region_documents", "reports:region_items"}
NATIONAL = {"reports:national", "reports:national_items"}
# Региональную карту видят все роли региона, а школа s1 — «своя» для каждой роли региона А в world.
EVERYONE_IN_REGION = {"reports:roadmap", "reports:curator"}


@pytest.fixture
def objects(world):
    region = world["a"]["region"]
    stage = monitoring_services.stage_save(
        actor=None, region=region, year=timezone.localdate().year, title="1-й этап", date=timezone.localdate()
    )
    return {
        "roadmap": make_roadmap("regional", region=region, items=2, sections=1),
        "snapshot": monitoring_services.snapshot_take(stage=stage, region=region),
    }


def test_every_export_url_is_covered():
    names = {url.name for url in app_urls() if url.name.startswith("reports:")}
    assert names == set(CASES) | {"reports:jobs", "reports:job", "reports:job_download"}


class ExportPermissions:
    role: str
    allowed: set[str]

    def user(self, world):
        return world[self.role] if self.role == Role.FEDERAL_STAFF else world["a"][self.role]

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_export(self, name, world, objects, client_for):
        client = client_for(self.user(world))
        url = CASES[name](world, objects)
        if name not in self.allowed:
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
            assert client.post(url.replace("xlsx", "pdf")).status_code == 404
            assert not ExportJob.objects.exists()
            return
        response = client.post(url, {"year": 2026})
        if name == "reports:region_documents":  # без оценки объёма — всегда задание в очереди
            job = ExportJob.objects.get()
            assert response.status_code == 302 and response["Location"] == reverse(
                "reports:job", args=[job.pk]
            )
            assert job.requested_by == self.user(world)
        else:
            assert response.status_code == 200
            assert response_bytes(response)[:2] == b"PK"


class TestFederalStaff(ExportPermissions):
    role = Role.FEDERAL_STAFF
    allowed = set(CASES)


class TestRegionalStaff(ExportPermissions):
    role = Role.REGIONAL_STAFF
    allowed = EVERYONE_IN_REGION | REGION_WIDE


class TestRegionalCoordinator(ExportPermissions):
    role = Role.REGIONAL_COORDINATOR
    allowed = EVERYONE_IN_REGION | REGION_WIDE


class TestMunicipalCoordinator(ExportPermissions):
    role = Role.MUNICIPAL_COORDINATOR
    allowed = EVERYONE_IN_REGION


class TestCurator(ExportPermissions):
    role = Role.CURATOR
    allowed = EVERYONE_IN_REGION


class TestSchoolTeam(ExportPermissions):
    role = Role.SCHOOL_TEAM
    allowed = EVERYONE_IN_REGION


@pytest.mark.parametrize("role", [Role.MUNICIPAL_COORDINATOR, Role.CURATOR, Role.SCHOOL_TEAM])
def test_curator_report_of_a_school_outside_ones_own_is_404(world, client_for, role):
    other_school = world["a"]["s3"]  # второй район; куратор закреплён за s1, команда — школа s1
    url = reverse("reports:curator", args=[other_school.pk, "pdf"])
    assert client_for(world["a"][role]).post(url).status_code == 404


def test_buttons_are_shown_only_where_export_is_allowed(world, objects, client_for):
    staff = client_for(world["a"][Role.REGIONAL_STAFF])
    page = staff.get(reverse("roadmaps:detail", args=[objects["roadmap"].pk])).content.decode()
    assert "Скачать PDF" in page and reverse("reports:roadmap", args=[objects["roadmap"].pk, "pdf"]) in page
    dashboard = staff.get(reverse("monitoring:region", args=[world["a"]["region"].pk])).content.decode()
    assert reverse("reports:stage", args=[objects["snapshot"].pk, "xlsx"]) in dashboard
    assert reverse("reports:region_documents", args=[world["a"]["region"].pk, "xlsx"]) in dashboard
    school = staff.get(reverse("schools:school_detail", args=[world["a"]["s1"].pk])).content.decode()
    assert reverse("reports:curator", args=[world["a"]["s1"].pk, "pdf"]) in school
    federal = client_for(world[Role.FEDERAL_STAFF]).get(reverse("monitoring:home")).content.decode()
    assert reverse("reports:national", args=["pdf"]) in federal
    team = client_for(world["a"][Role.SCHOOL_TEAM])
    team_school = team.get(reverse("schools:school_detail", args=[world["a"]["s1"].pk])).content.decode()
    assert reverse("reports:curator", args=[world["a"]["s1"].pk, "pdf"]) in team_school
