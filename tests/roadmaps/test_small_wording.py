"""Мелкие формулировки из обхода ролей: подсказка срока без повторов, «мероприятие 5: …» в
напоминаниях, «Отметить прочитанным», кавычки-ёлочки в демо."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("до 01.03.2021", "срок до: до"),
        ("когда-нибудь потом", "не распознано: не распознано"),
        ("I полугодие 2021", "квартал:"),
    ],
)
def test_period_hint_does_not_repeat_itself(world, client_for, text, absent):
    from accounts.models import Role

    html = (
        client_for(world["a"][Role.REGIONAL_COORDINATOR])
        .get(reverse("roadmaps:period_preview"), {"period_text": text, "year": 2021})
        .content.decode()
    )
    assert absent not in html
    assert "<b>" in html


def test_demo_school_names_use_russian_quotes():
    from pathlib import Path

    from demo import directory as demo

    source = Path(demo.__file__).read_text(encoding="utf-8")
    assert 'МБОУ "' not in source and "МБОУ «Гайнская СОШ»" in source
