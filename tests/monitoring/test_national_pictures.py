"""Национальная панель с картинками: столбики регионов по доле выполненных мероприятий и карта-плитка
85 субъектов — SVG с сервера, каждый квадрат с данными — ссылка на панель региона."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from monitoring.country_charts import TILE_POSITIONS, RegionValue, region_bars, tile_map

pytestmark = pytest.mark.django_db


def test_tile_layout_has_one_square_per_subject():
    assert len(TILE_POSITIONS) == 85
    assert len(set(TILE_POSITIONS.values())) == 85


def test_tiles_are_coloured_links_and_unknown_codes_are_not_lost():
    values = [
        RegionValue(1, "59", "Пермский край", 80.0),
        RegionValue(2, "33", "Владимирская область", 10.0),
        RegionValue(3, "95", "Новый субъект", None),
    ]
    svg = str(tile_map(values, title="Карта"))
    assert svg.count("<rect") >= 86 + 5  # 85 квадратов, новый субъект и легенда
    assert reverse("monitoring:region", kwargs={"region_id": 1}) in svg
    assert "Пермский край: 80" in svg and "#067647" in svg and "#f04438" in svg
    assert ">95<" in svg


def test_bars_go_from_the_furthest_behind():
    values = [RegionValue(1, "59", "Пермский край", 80.0), RegionValue(2, "33", "Владимирская область", 10.0)]
    svg = str(region_bars(values, title="Регионы"))
    assert svg.index("Владимирская область") < svg.index("Пермский край")


def test_national_page_shows_both_pictures(world, client_for):
    html = client_for(world[Role.FEDERAL_STAFF]).get(reverse("monitoring:home")).content.decode()
    assert 'id="national-charts"' in html
    assert len(re.findall(r"<svg", html)) >= 2
    assert reverse("monitoring:region", kwargs={"region_id": world["a"]["region"].pk}) in html
