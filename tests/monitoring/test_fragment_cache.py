"""Кэш фрагментов под версией области: повторный показ не ходит в базу за сводками, а своя правка
видна сразу — запись поднимает версию региона после коммита."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from config import fragments
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from tests.factories import make_roadmap

pytestmark = pytest.mark.django_db


def overdue_count(response) -> int:
    """Число в заголовке «Просроченные мероприятия (N)» — его рисует закэшированная часть панели."""
    return int(re.search(r"Просроченные мероприятия \((\d+)\)", response.content.decode()).group(1))


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
    before = overdue_count(client.get(url))
    assert overdue_count(client.get(url)) == before  # второй раз — из кэша
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
    after = overdue_count(client.get(url))
    assert after == before - 1 if before else after == 0


def _overdue_item_seen_twice_on_the_dashboard(world, client):
    """Просроченное мероприятие на панели региона; второй показ — готовый HTML из кэша."""
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    region = world["a"]["region"]
    item = make_roadmap("regional", region=region, items=2).items.order_by("position").first()
    item.period_end = timezone.localdate() - timezone.timedelta(days=30)
    item.save(update_fields=["period_end"])
    client.force_login(coordinator)
    url = reverse("monitoring:region", args=[region.pk])
    anchor = f"#item-{item.pk}"
    assert anchor in client.get(url).content.decode()
    assert anchor in client.get(url).content.decode()
    item.refresh_from_db()
    return coordinator, item, url, anchor


def test_region_dashboard_cached_html_drops_own_fixed_overdue_item_right_after_saving(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    coordinator, item, url, anchor = _overdue_item_seen_twice_on_the_dashboard(world, client)
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.item_update(
            actor=coordinator,
            item=item,
            expected_version=item.version,
            description=item.description,
            status=ItemStatus.DONE,
            completed_on=timezone.localdate(),
        )
    assert anchor not in client.get(url).content.decode()


def test_region_dashboard_from_cache_costs_few_queries_and_keeps_forms_out_of_the_cache(
    world, fragment_cache, client, django_assert_max_num_queries
):
    a = world["a"]
    coordinator = a[Role.REGIONAL_COORDINATOR]
    make_roadmap("regional", region=a["region"], items=3)
    client.force_login(coordinator)
    url = reverse("monitoring:region", args=[a["region"].pk])
    client.get(url)
    with django_assert_max_num_queries(6):  # сессия, человек, роли, регион, непрочитанные уведомления
        response = client.get(url)
    cached_parts = [response.context[name] for name in ("freshness_html", "figures_html", "details_html")]
    assert all("<form" not in part and "csrfmiddlewaretoken" not in part for part in cached_parts)
    assert 'action="/monitoring/' in response.content.decode()  # формы этапов — вне кэша, у каждого свои


def test_region_dashboard_shows_own_execution_mark_right_after_saving(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    from roadmaps.services.execution import item_execution_update

    coordinator, item, url, anchor = _overdue_item_seen_twice_on_the_dashboard(world, client)
    with django_capture_on_commit_callbacks(execute=True):
        item_execution_update(
            actor=coordinator,
            item=item,
            expected_version=item.version,
            status=ItemStatus.DONE,
            completed_on=timezone.localdate(),
        )
    assert anchor not in client.get(url).content.decode()


def test_federal_home_drops_a_region_from_furthest_behind_right_after_its_items_are_marked_done(
    world, fragment_cache, client, django_capture_on_commit_callbacks
):
    from roadmaps.services.execution import item_execution_update

    a = world["a"]
    roadmap = make_roadmap("regional", region=a["region"], items=2)
    items = list(roadmap.items.order_by("position"))
    for item in items:
        item.period_end = timezone.localdate() - timezone.timedelta(days=30)
        item.save(update_fields=["period_end"])
    client.force_login(world[Role.FEDERAL_STAFF])
    link = reverse("monitoring:region", args=[a["region"].pk])
    assert link in client.get(reverse("home")).content.decode()
    assert link in client.get(reverse("home")).content.decode()  # «кто отстаёт» — из кэша
    with django_capture_on_commit_callbacks(execute=True):
        for item in items:
            item.refresh_from_db()
            item_execution_update(
                actor=a[Role.REGIONAL_COORDINATOR],
                item=item,
                expected_version=item.version,
                status=ItemStatus.DONE,
                completed_on=timezone.localdate(),
            )
    assert link not in client.get(reverse("home")).content.decode()
