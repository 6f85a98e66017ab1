import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from schoolwork.models import DocumentKind, DocumentStatus, VisitStatus
from tests.factories import make_roadmap
from tests.schoolwork.factories import make_document, make_profile, make_visit

TODAY = timezone.localdate()
H, M, L = "high", "medium", "low"


def confirm(document, user):
    document.status, document.reviewed_by, document.reviewed_at = (
        DocumentStatus.CONFIRMED,
        user,
        timezone.now(),
    )
    document.confirmed_version = document.versions.first()
    document.save()
    return document


@pytest.fixture
def figures_world(world):
    """Регион А с вручную просчитанными показателями (см. test_figures.py)."""
    a = world["a"]
    curator = a[Role.CURATOR]
    s1, s2, s3 = a["s1"], a["s2"], a["s3"]
    make_visit(s1, curator)  # вчера, проведено — считается
    make_visit(s2, curator, status=VisitStatus.PLANNED)  # только в плане — нет
    make_visit(s3, curator, date=TODAY + datetime.timedelta(days=5))  # после даты снимка — нет

    p1 = make_profile(s1, verified_by=curator, directions=(1, 2))  # проверен, два направления — да
    make_profile(s2, verified_by=curator, directions=(1,))  # одно направление — нет
    make_profile(s3, levels=(M, M, L, L, L, L, L, L, L, L), directions=(1, 2))  # не проверен — нет
    make_profile(s3, year=TODAY.year - 1, levels=(H, H, M, M, L, L, L, L, L, L))  # риски были выше — снижены

    for kind in (DocumentKind.CONCEPT, DocumentKind.MIDTERM):
        confirm(make_document(s1, curator, kind=kind), curator)
    for direction in p1.levels.filter(is_active_direction=True):
        confirm(make_document(s1, curator, kind=DocumentKind.ANTIRISK, direction=direction), curator)
    confirm(make_document(s2, curator, kind=DocumentKind.CONCEPT), curator)  # только концепция — нет
    confirm(make_document(s2, curator, kind=DocumentKind.MONITORING_1), curator)  # этап 1 — да
    make_document(s3, curator, kind=DocumentKind.MONITORING_2)  # загружен, не подтверждён — нет

    regional = make_roadmap("regional", region=a["region"], items=4)
    items = list(regional.items.order_by("position"))
    roadmap_services.item_update(
        actor=None,
        item=items[0],
        expected_version=1,
        description="1",
        status=ItemStatus.DONE,
        completed_on=TODAY,
    )
    roadmap_services.item_update(
        actor=None,
        item=items[1],
        expected_version=1,
        description="2",
        status=ItemStatus.DONE,
        completed_on=TODAY + datetime.timedelta(days=3),
    )
    roadmap_services.item_update(
        actor=None, item=items[2], expected_version=1, description="3", status=ItemStatus.CANCELLED
    )
    approved = make_roadmap("municipal", municipality=a["m1"], items=1)
    roadmap_services.roadmap_submit(roadmap=approved, actor=None)
    roadmap_services.roadmap_approve(roadmap=approved, actor=None)
    make_roadmap("municipal", municipality=a["m2"], items=1)
    return a
