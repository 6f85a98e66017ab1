"""Для каждого адреса объекта из URLconf: человек региона А, спросивший объект региона Б, получает 404
(и на GET, и на POST) — существование чужого не раскрывается. Аноним уходит на вход."""

import pytest
from django.urls import reverse

from accounts.models import Role
from roadmaps import services
from roadmaps.models import RoadMapImport
from tests.access.urlconf import app_urls, object_urls
from tests.factories import OrganisationFactory, make_roadmap
from tests.notifications.factories import make_notification
from tests.reports.factories import reports_foreign_objects
from tests.schoolwork.factories import schoolwork_foreign_objects

REGIONAL_ROLES = [
    Role.REGIONAL_STAFF,
    Role.REGIONAL_COORDINATOR,
    Role.MUNICIPAL_COORDINATOR,
    Role.CURATOR,
    Role.SCHOOL_TEAM,
]


def foreign_objects(world) -> dict[str, int]:
    """id объектов региона Б для каждого имени параметра в URL. Новый параметр — добавьте его сюда."""
    b = world["b"]
    person = b[Role.CURATOR]
    regional = make_roadmap("regional", region=b["region"], items=1, sections=1)
    item = regional.items.get()
    return {
        "roadmap_id": regional.pk,
        "section_id": regional.sections.get().pk,
        "item_id": item.pk,
        "history_id": item.history.first().history_id,
        "action": "submit",
        "evidence_id": services.evidence_add(actor=None, item=item, url="https://example.ru/otchet").pk,
        **monitoring_objects(b["region"]),
        "region_id": b["region"].pk,
        "municipality_id": b["m1"].pk,
        "school_id": b["s1"].pk,
        "organisation_id": OrganisationFactory(region=b["region"]).pk,
        "person_id": person.pk,
        "membership_id": person.memberships.get().pk,
        "notification_id": make_notification(person).pk,  # уведомления личные: чужое — 404
        # загрузка карты из файла видна только загрузившему
        "import_id": RoadMapImport.objects.create(
            created_by=b[Role.REGIONAL_COORDINATOR], file="x", original_name="x.docx", size=1
        ).pk,
        # visit_id, attachment_id, document_id, version_id, profile_id, batch_id
        **schoolwork_foreign_objects(b),
        **reports_foreign_objects(b),  # fmt, job_id
        **_foreign_alignment(b, item),  # link_id, rejection_id
    }


def _foreign_alignment(b, regional_item) -> dict[str, int]:
    """Связь пункта муниципальной карты региона Б с его региональной картой и отклонённая подсказка
    (сверка, задача 15)."""
    from alignment import services as alignment_services
    from alignment import suggestions

    municipal = make_roadmap("municipal", region=b["region"], municipality=b["m1"], items=1)
    municipal_item = municipal.items.get()
    link = alignment_services.item_link_create(
        actor=None, municipal_item=municipal_item, regional_item=regional_item, source="author"
    )
    rejection = suggestions.suggestion_reject(
        actor=None, regional_item=regional_item, municipal_item=municipal_item
    )
    return {"link_id": link.pk, "rejection_id": rejection.pk}


def monitoring_objects(region) -> dict[str, int]:
    from django.utils import timezone

    from monitoring import services as monitoring_services
    from monitoring.models import SnapshotRun

    stage = monitoring_services.stage_save(
        actor=None, region=region, year=timezone.localdate().year, title="1-й этап", date=timezone.localdate()
    )
    snapshot = monitoring_services.snapshot_take(stage=stage, region=region)
    run = SnapshotRun.objects.create(stage=stage, region=region, status="done", progress=100)
    return {"stage_id": stage.pk, "snapshot_id": snapshot.pk, "run_id": run.pk}


@pytest.fixture(scope="module")
def foreign(shared_world, django_db_blocker):
    """Объекты региона Б — один раз на модуль, в той же откатываемой транзакции, что и мир."""
    with django_db_blocker.unblock():
        return foreign_objects(shared_world)


def url_for(app_url, ids: dict[str, int]) -> str:
    missing = [k for k in app_url.kwargs if k not in ids]
    assert not missing, (
        f"{app_url}: нет тестового объекта для параметров {missing} — добавьте в foreign_objects"
    )
    return reverse(app_url.name, kwargs={k: ids[k] for k in app_url.kwargs})


def test_urlconf_has_object_urls_to_check():
    names = {u.name for u in object_urls()}
    assert {"schools:school_detail", "schools:region_detail", "people:person_detail"} <= names


@pytest.mark.parametrize("role", REGIONAL_ROLES)
@pytest.mark.parametrize("app_url", object_urls(), ids=str)
def test_user_of_region_a_gets_404_for_region_b_objects(shared_world, foreign, db, client_for, role, app_url):
    url = url_for(app_url, foreign)
    client = client_for(shared_world["a"][role])
    statuses = {"GET": client.get(url).status_code, "POST": client.post(url, {}).status_code}
    # 405 — метод не поддерживается адресом вовсе (это не раскрывает объект); хотя бы один метод — 404.
    assert set(statuses.values()) <= {404, 405} and 404 in statuses.values(), f"{url}: {statuses}"


@pytest.mark.parametrize("app_url", app_urls(), ids=str)
def test_anonymous_is_sent_to_login(foreign, db, client, app_url):
    url = url_for(app_url, foreign)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


SCHOOL_URLS = [u for u in object_urls() if u.kwargs == ("school_id",)]


@pytest.mark.parametrize("app_url", SCHOOL_URLS, ids=str)
def test_municipal_coordinator_cannot_see_school_of_another_municipality(
    shared_world, db, client_for, app_url
):
    a = shared_world["a"]
    client = client_for(a[Role.MUNICIPAL_COORDINATOR])  # координатор первого района региона А
    other = reverse(app_url.name, kwargs={"school_id": a["s3"].pk})  # школа второго района того же региона
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("app_url", SCHOOL_URLS, ids=str)
def test_curator_cannot_see_school_not_assigned_to_them(shared_world, db, client_for, app_url):
    a = shared_world["a"]
    client = client_for(a[Role.CURATOR])  # закреплён только за s1
    unassigned = reverse(app_url.name, kwargs={"school_id": a["s2"].pk})
    assert client.get(unassigned).status_code == 404


def test_curator_sees_assigned_school(shared_world, db, client_for):
    a = shared_world["a"]
    response = client_for(a[Role.CURATOR]).get(
        reverse("schools:school_detail", kwargs={"school_id": a["s1"].pk})
    )
    assert response.status_code == 200
    assert a["s1"].short_name in response.content.decode()
