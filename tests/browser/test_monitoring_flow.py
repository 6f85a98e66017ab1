"""Мониторинг в браузере: региональный координатор добавляет этап, снимает показатели (страница
прогресса), и панель показывает значение этапа рядом с текущим."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    make_member,
    make_roadmap,
)

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура браузера пропустит тест (или уронит в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_coordinator_takes_snapshot_and_sees_dashboard_update(page, live_server, login):
    today = timezone.localdate()
    region = RegionFactory(name="Озёрная область")
    SchoolFactory(municipality=MunicipalityFactory(region=region, name="Заречный район"))
    coordinator = make_member(Role.REGIONAL_COORDINATOR, region=region, last_name="Соколова")
    regional = make_roadmap("regional", region=region, items=4)
    first = regional.items.order_by("position").first()
    roadmap_services.item_update(
        actor=None,
        item=first,
        expected_version=first.version,
        description=first.description,
        status=ItemStatus.DONE,
        completed_on=today,
    )

    login(page, live_server.url, coordinator.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("monitoring:region", kwargs={"region_id": region.pk}))
    items_line = page.locator('tr[data-figure="items_done"]')
    expect(items_line).to_contain_text("25 %")
    expect(page.locator("#stages")).to_contain_text("Этапы на")

    page.get_by_label("Название этапа").fill("1-й этап")
    page.get_by_label("Дата этапа").fill(today.strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Добавить этап").click()
    expect(page.locator("#stages")).to_contain_text("ещё не снимался")

    page.get_by_role("button", name="Снять показатели").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done", timeout=20_000)
    page.get_by_role("link", name="Открыть панель мониторинга").click()

    expect(page.locator("#stages")).to_contain_text("снят")
    expect(items_line.locator("td").nth(-1)).to_have_text("25 %")  # значение этапа рядом с текущим
    expect(page.locator(".chart svg")).to_contain_text("1-й этап")
