"""Кэш фрагментов под версией области: повторный показ не ходит в базу за сводками, а своя правка
видна сразу — запись поднимает версию региона после коммита."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from config import fragments
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragment_cache(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_cached_value_is_reused_until_the_scope_version_is_bumped(world, fragment_cache):
    user = world["a"][Role.REGIONAL_COORDINATOR]
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert fragments.cached("x", user=user, params=(1,), build=build) == 1
    assert fragments.cached("x", user=user, params=(1,), build=build) == 1
    fragments.bump(region_ids=[world["b"]["region"].pk])  # чужой регион — не касается
    assert fragments.cached("x", user=user, params=(1,), build=build) == 1
    fragments.bump(region_ids=[world["a"]["region"].pk])
    assert fragments.cached("x", user=user, params=(1,), build=build) == 2


def test_region_dashboard_shows_own_overdue_fix_right_after_saving(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    a = world["a"]
    coordinator = a[Role.REGIONAL_COORDINATOR]
    roadmap = make_roadmap("regional", region=a["region"], items=2)  # сроки в марте — к концу года просрочены
    client.force_login(coordinator)
    url = reverse("monitoring:region", args=[a["region"].pk])
    before = client.get(url).context["overdue_count"]
    assert client.get(url).context["overdue_count"] == before  # второй раз — из кэша
    item = roadmap.items.order_by("position").first()
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.item_update(
            actor=coordinator,
            item=item,
            expected_version=item.version,
            description=item.description,
            status=ItemStatus.DONE,
            completed_on=timezone.localdate(),
        )
    after = client.get(url).context["overdue_count"]
    assert after == before - 1 if before else after == 0
