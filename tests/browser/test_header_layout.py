"""Шапка на широком экране: две задуманные строки — название, поиск и меню пользователя сверху,
все разделы одной строкой под ними — и на 1440, и на 1280 px (раньше меню с полем поиска занимало
три строки). На телефоне — одна строка с кнопкой «Меню» (tests/browser/test_phone_layout.py)."""

import pytest

from accounts.models import Role
from tests.factories import TEST_PASSWORD, make_member

pytestmark = pytest.mark.usefixtures("transactional_db")

# Две строки шапки по ~36 px и отступы; три строки (как было) — 105–124 px.
TWO_ROWS_MAX_PX = 84


def _nav_line_tops(page) -> set[int]:
    return set(
        page.locator("header.topbar nav.mainnav a").evaluate_all(
            "links => links.map(a => Math.round(a.getBoundingClientRect().top))"
        )
    )


@pytest.mark.parametrize("width", [1440, 1280])
def test_header_is_two_rows_with_the_longest_menu(page, live_server, login, width):
    # Самое длинное меню — у администратора: 12 разделов, поиск, уведомления, выгрузки, имя, «Выйти».
    admin = make_member(Role.FEDERAL_STAFF, is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server.url, admin.email, TEST_PASSWORD)

    header = page.locator("header.topbar")
    assert page.get_by_role("link", name="Администрирование").is_visible()
    assert header.get_by_role("searchbox").is_visible()
    height = header.bounding_box()["height"]
    assert height <= TWO_ROWS_MAX_PX, f"шапка {height:.0f} px на {width} px — больше двух строк"
    assert len(_nav_line_tops(page)) == 1, "разделы меню переносятся на вторую строку"
    # Название, поиск и меню пользователя — в первой строке, разделы — ниже их.
    brand = header.locator(".brand").bounding_box()
    search = header.locator(".header-search").bounding_box()
    user_menu = header.locator(".usermenu").bounding_box()
    nav = header.locator("nav.mainnav").bounding_box()
    assert abs(brand["y"] - search["y"]) < 16 and abs(search["y"] - user_menu["y"]) < 16
    assert nav["y"] >= search["y"] + search["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
