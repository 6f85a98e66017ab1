"""Загрузка рисковых профилей из Excel — правка профилей: форма уровней, открытая до записи загрузки,
не может молча вернуть прежние уровни своим устаревшим «Сохранить» — конфликт, как при любой правке."""

from django.test import Client
from django.urls import reverse

from accounts.models import Role
from schools.models import RiskProfile
from schoolwork.models import RiskImportBatch
from schoolwork.services.risk_import import risk_profiles_import_apply
from tests.schoolwork.factories import THIS_YEAR, make_profile
from tests.security.test_stale_saves import _post_data


def test_levels_form_opened_before_an_import_is_refused_after_it(world):
    a = world["a"]
    coordinator = a[Role.REGIONAL_COORDINATOR]
    school = a["s1"]
    profile = make_profile(school, levels=["high", "medium", "low"])
    url = reverse("schoolwork:risk_profile_enter", kwargs={"school_id": school.pk}) + f"?year={THIS_YEAR}"
    alice = Client()
    alice.force_login(coordinator)
    stale = _post_data(alice.get(url).context["form"])

    levels = {str(level.factor_id): "low" for level in profile.levels.all()}
    batch = RiskImportBatch.objects.create(
        region=a["region"], year=THIS_YEAR, created_by=coordinator, original_name="x.xlsx", row_count=1,
        rows=[{"row": 2, "school_id": school.pk, "school": school.short_name, "municipality": "",
               "levels": levels, "action": "update"}],
    )  # fmt: skip
    assert risk_profiles_import_apply(actor=coordinator, batch=batch) == 1

    refused = alice.post(url, stale)
    assert refused.status_code == 200 and "Пока вы правили" in refused.content.decode()
    stored = dict(RiskProfile.objects.get(pk=profile.pk).levels.values_list("factor__number", "level"))
    assert stored == {1: "low", 2: "low", 3: "low"}  # записанное загрузкой цело
