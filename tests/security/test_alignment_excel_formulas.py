"""Сверка региона в Excel — тоже файл приложения: формулоподобный текст из данных (название
муниципалитета в шапке, пункты региональной и муниципальной карт) остаётся текстом."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from alignment import services
from tests.alignment.test_alignment import _item, setup  # noqa: F401  (фикстура сверки)
from tests.reports.test_excel_formula_injection import EVIL, assert_text_not_formula


def test_alignment_excel_writes_formula_like_text_as_text(world, setup, client_for):  # noqa: F811
    a = setup["a"]
    a["m1"].name = "=1+1 " + a["m1"].name
    a["m1"].save()
    regional_item = _item(setup["regional"], EVIL, responsible_text="ДО, МОУО")
    municipal_item = _item(setup["municipal"], "@SUM(A1:A9) муниципальный пункт")
    services.item_link_create(
        actor=None, municipal_item=municipal_item, regional_item=regional_item, source="author"
    )
    response = client_for(world[Role.FEDERAL_STAFF]).get(
        reverse("alignment:region_xlsx", args=[a["region"].pk]), {"year": setup["regional"].year}
    )
    assert response.status_code == 200
    assert_text_not_formula(response.content, EVIL)
    assert_text_not_formula(response.content, "=1+1 ")
    assert_text_not_formula(response.content, "@SUM(A1:A9) муниципальный пункт")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Сверка"]
