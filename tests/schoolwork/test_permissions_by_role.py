"""По классу на роль: что человеку можно на страницах работы со школами и что отказано (403 — видит,
но не меняет; 404 — не его). Данные — фикстура world; у куратора региона А только школа s1."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.schoolwork.factories import make_document, make_profile, make_visit

pytestmark = pytest.mark.usefixtures("catalogue")

READ_PAGES = [
    "schoolwork:visits",
    "schoolwork:visit_schools",
    "schoolwork:documents",
    "schoolwork:risk_overview",
]


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def objects(world):
    a = world["a"]
    return {
        "visit": make_visit(a["s1"], a[Role.CURATOR], with_file=True),
        "document": make_document(a["s1"], a[Role.SCHOOL_TEAM]),
        "profile": make_profile(a["s1"]),
    }


def school_pages(school):
    return [
        url("schoolwork:school_visits", school.pk),
        url("schoolwork:school_documents", school.pk),
        url("schoolwork:risk_profile", school.pk),
    ]


def object_pages(objects):
    return [
        url("schoolwork:visit_detail", objects["visit"].pk),
        url("schoolwork:visit_attachment", objects["visit"].attachments.get().pk),
        url("schoolwork:document_detail", objects["document"].pk),
        url("schoolwork:document_file", objects["document"].versions.get().pk),
    ]


def write_pages(school, objects):
    return [
        url("schoolwork:visit_create", school.pk),
        url("schoolwork:visit_plan", school.pk),
        url("schoolwork:visit_edit", objects["visit"].pk),
        url("schoolwork:document_upload", school.pk),
        url("schoolwork:document_new_version", objects["document"].pk),
        url("schoolwork:risk_profile_verify", objects["profile"].pk),
        url("schoolwork:risk_directions", objects["profile"].pk),
    ]


def assert_reads(client, paths):
    for path in paths:
        assert client.get(path).status_code == 200, path


def assert_status(client, paths, status):
    for path in paths:
        assert client.get(path).status_code == status, path


class TestFederalStaff:
    def test_allowed_to_read_everything(self, world, client_for, objects):
        client = client_for(world[Role.FEDERAL_STAFF])
        assert_reads(
            client, [reverse(p) for p in READ_PAGES] + school_pages(world["b"]["s3"]) + object_pages(objects)
        )

    def test_refused_all_writes(self, world, client_for, objects):
        client = client_for(world[Role.FEDERAL_STAFF])
        assert_status(client, write_pages(world["a"]["s1"], objects), 403)
        assert client.get(reverse("schoolwork:risk_import")).status_code == 404


class TestRegionalStaff:
    def test_allowed_to_read_whole_region(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.REGIONAL_STAFF])
        assert_reads(client, [reverse(p) for p in READ_PAGES] + school_pages(a["s3"]) + object_pages(objects))

    def test_refused_writes_and_other_regions(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.REGIONAL_STAFF])
        assert_status(client, write_pages(a["s1"], objects), 403)
        assert_status(client, school_pages(world["b"]["s1"]), 404)


class TestRegionalCoordinator:
    def test_allowed_to_read_region_enter_and_import_profiles(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.REGIONAL_COORDINATOR])
        assert_reads(client, [reverse(p) for p in READ_PAGES] + school_pages(a["s2"]) + object_pages(objects))
        assert_reads(
            client,
            [
                url("schoolwork:risk_profile_enter", a["s2"].pk),
                reverse("schoolwork:risk_import"),
                reverse("schoolwork:risk_import_template"),
            ],
        )

    def test_refused_curator_and_school_work(self, world, client_for, objects):
        a = world["a"]
        assert_status(client_for(a[Role.REGIONAL_COORDINATOR]), write_pages(a["s1"], objects), 403)


class TestMunicipalCoordinator:
    def test_allowed_to_read_own_municipality(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.MUNICIPAL_COORDINATOR])
        assert_reads(client, [reverse(p) for p in READ_PAGES] + school_pages(a["s2"]) + object_pages(objects))

    def test_refused_writes_and_other_municipality(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.MUNICIPAL_COORDINATOR])
        assert_status(
            client, [*write_pages(a["s1"], objects), url("schoolwork:risk_profile_enter", a["s1"].pk)], 403
        )
        assert_status(client, school_pages(a["s3"]), 404)
        assert client.get(reverse("schoolwork:risk_import")).status_code == 404


class TestCurator:
    def test_allowed_to_log_verify_and_review_at_assigned_school(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.CURATOR])
        writes = [p for p in write_pages(a["s1"], objects) if "documents" not in p]
        assert_reads(client, school_pages(a["s1"]) + object_pages(objects) + writes)

    def test_refused_other_schools_uploads_and_import(self, world, client_for, objects):
        a, b = world["a"], world["b"]
        client = client_for(a[Role.CURATOR])
        assert_status(client, school_pages(a["s2"]) + school_pages(b["s1"]), 404)
        assert_status(
            client,
            [url("schoolwork:visit_create", a["s2"].pk), url("schoolwork:document_upload", a["s2"].pk)],
            404,
        )
        assert_status(
            client,
            [
                url("schoolwork:document_upload", a["s1"].pk),
                url("schoolwork:document_new_version", objects["document"].pk),
            ],
            403,
        )
        assert client.get(reverse("schoolwork:risk_import")).status_code == 404


class TestSchoolTeam:
    def test_allowed_to_read_own_school_and_upload_documents(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.SCHOOL_TEAM])
        assert_reads(
            client,
            school_pages(a["s1"])
            + object_pages(objects)
            + [
                url("schoolwork:document_upload", a["s1"].pk),
                url("schoolwork:document_new_version", objects["document"].pk),
            ],
        )

    def test_refused_curator_work_and_other_schools(self, world, client_for, objects):
        a = world["a"]
        client = client_for(a[Role.SCHOOL_TEAM])
        writes = [p for p in write_pages(a["s1"], objects) if "documents" not in p]
        assert_status(client, [*writes, url("schoolwork:risk_profile_enter", a["s1"].pk)], 403)
        assert_status(client, school_pages(a["s2"]), 404)
        html = client.get(reverse("schoolwork:visits")).content.decode()
        assert "Школа a1" in html or "Посещений нет" in html
