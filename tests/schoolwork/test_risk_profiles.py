"""Рисковый профиль: ввод уровней, проверка куратором после первого посещения (изменение — с причиной),
не меньше двух рисковых направлений среди высоких и средних, история каждого изменения."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from schools.models import RiskProfile, RiskProfileLevel
from schoolwork import services
from tests.schoolwork.factories import LEVELS, THIS_YEAR, make_document, make_profile, make_visit

pytestmark = pytest.mark.usefixtures("catalogue")


def levels_post(factors, levels=LEVELS, **extra):
    return {**{f"level_{f.pk}": level for f, level in zip(factors, levels, strict=True)}, **extra}


def enter_url(school):
    return reverse("schoolwork:risk_profile_enter", args=[school.pk]) + f"?year={THIS_YEAR}"


@pytest.mark.parametrize("role", [Role.REGIONAL_COORDINATOR, Role.CURATOR])
def test_coordinator_or_curator_enters_survey_levels(a, client_for, catalogue, role):
    response = client_for(a[role]).post(enter_url(a["s1"]), levels_post(catalogue))
    assert response.status_code == 302
    profile = RiskProfile.objects.get(school=a["s1"], year=THIS_YEAR)
    assert [row.level for row in profile.levels.order_by("factor__number")] == list(LEVELS)
    assert all(row.survey_level == row.level for row in profile.levels.all())


def test_missing_level_is_named_and_input_kept(a, curator, catalogue):
    data = levels_post(catalogue)
    data[f"level_{catalogue[4].pk}"] = ""
    html = curator.post(enter_url(a["s1"]), data).content.decode()
    assert "Укажите уровень риска по фактору 5" in html
    assert '<option value="high" selected>' in html  # остальные уровни на месте
    assert not RiskProfile.objects.exists()


def test_read_only_roles_cannot_enter_levels(world, a, client_for):
    for user in (
        a[Role.REGIONAL_STAFF],
        a[Role.MUNICIPAL_COORDINATOR],
        a[Role.SCHOOL_TEAM],
        world[Role.FEDERAL_STAFF],
    ):
        assert client_for(user).get(enter_url(a["s1"])).status_code == 403


def test_verification_needs_a_done_visit_first(a, curator):
    profile = make_profile(a["s1"])
    url = reverse("schoolwork:risk_profile_verify", args=[profile.pk])
    data = levels_post([row.factor for row in profile.levels.order_by("factor__number")])
    html = curator.post(url, data).content.decode()
    assert "Профиль проверяется после первого посещения" in html
    make_visit(a["s1"], a[Role.CURATOR])
    assert curator.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.verified_by == a[Role.CURATOR] and profile.verified_at is not None


def test_changed_level_needs_a_reason_and_is_kept_in_history(a, curator):
    profile = make_profile(a["s1"])
    make_visit(a["s1"], a[Role.CURATOR])
    factors = [row.factor for row in profile.levels.order_by("factor__number")]
    changed = list(LEVELS)
    changed[0] = "medium"  # было «высокий»
    url = reverse("schoolwork:risk_profile_verify", args=[profile.pk])
    html = curator.post(url, levels_post(factors, changed)).content.decode()
    assert "Уровень по фактору 1 отличается от анкетирования — укажите причину" in html
    assert profile.levels.get(factor=factors[0]).level == "high"

    reason = "В школе два учителя математики, а не один"
    curator.post(url, levels_post(factors, changed, **{f"reason_{factors[0].pk}": reason}))
    row = profile.levels.get(factor=factors[0])
    assert (row.level, row.survey_level, row.change_reason) == ("medium", "high", reason)
    html = curator.get(
        reverse("schoolwork:risk_profile", args=[a["s1"].pk]), {"year": THIS_YEAR}
    ).content.decode()
    assert "Фактор 1: уровень «высокий» → «средний»; причина: " + reason in html
    assert "Профиль проверен куратором" in html
    assert row.history.first().history_change_reason == reason


def test_at_least_two_directions_among_high_and_medium(a, curator):
    profile = make_profile(a["s1"], verified_by=a[Role.CURATOR])
    by_number = {row.factor.number: row.factor_id for row in profile.levels.select_related("factor")}
    url = reverse("schoolwork:risk_directions", args=[profile.pk])

    html = curator.post(url, {"factors": [by_number[1]]}).content.decode()
    assert "Нужно активировать не меньше 2 рисковых направлений (выбрано: 1)" in html
    html = curator.post(url, {"factors": [by_number[1], by_number[5]]}).content.decode()
    assert "риск низкий" in html and "5" in html
    assert not profile.levels.filter(is_active_direction=True).exists()

    assert curator.post(url, {"factors": [by_number[1], by_number[3]]}).status_code == 302
    assert sorted(
        profile.levels.filter(is_active_direction=True).values_list("factor__number", flat=True)
    ) == [1, 3]


def test_directions_need_a_verified_profile(a):
    profile = make_profile(a["s1"])
    factor_ids = list(profile.levels.values_list("factor_id", flat=True)[:2])
    with pytest.raises(ValidationError, match="Сначала подтвердите рисковый профиль"):
        services.risk_directions_activate(actor=a[Role.CURATOR], profile=profile, factor_ids=factor_ids)


def test_rule_is_explained_when_school_has_fewer_than_two_workable_risks(a):
    profile = make_profile(a["s1"], levels=("high",) + ("low",) * 9, verified_by=a[Role.CURATOR])
    with pytest.raises(ValidationError, match="меньше двух факторов с высоким или средним риском"):
        services.risk_directions_activate(
            actor=a[Role.CURATOR],
            profile=profile,
            factor_ids=profile.levels.values_list("factor_id", flat=True)[:2],
        )


def test_direction_with_an_antirisk_programme_cannot_be_dropped(a):
    profile = make_profile(a["s1"], verified_by=a[Role.CURATOR], directions=(1, 3))
    direction = profile.levels.get(factor__number=1)
    make_document(a["s1"], a[Role.SCHOOL_TEAM], kind="antirisk", direction=direction)
    other = profile.levels.filter(factor__number__in=(3, 4)).values_list("factor_id", flat=True)
    with pytest.raises(ValidationError, match="уже загружены антирисковые программы"):
        services.risk_directions_activate(actor=a[Role.CURATOR], profile=profile, factor_ids=other)


def test_verified_profile_is_not_overwritten_by_entry(a, client_for, catalogue):
    make_profile(a["s1"], verified_by=a[Role.CURATOR])
    html = client_for(a[Role.REGIONAL_COORDINATOR]).post(
        enter_url(a["s1"]), levels_post(catalogue, ("low",) * 10)
    )
    assert "Профиль уже проверен куратором" in html.content.decode()
    assert not RiskProfileLevel.objects.filter(level="low", survey_level="high").exists()


def test_database_refuses_low_direction_and_unexplained_change(a):
    from django.db import IntegrityError, transaction

    profile = make_profile(a["s1"])
    row = profile.levels.get(factor__number=5)  # низкий
    row.is_active_direction = True
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row = profile.levels.get(factor__number=1)
    row.level = "low"
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_overview_shows_distribution_and_who_has_not_verified(world, client_for):
    a = world["a"]
    make_profile(a["s1"], verified_by=a[Role.CURATOR], directions=(1, 2))
    make_profile(a["s2"])
    make_profile(world["b"]["s1"], levels=("low",) * 10)
    client = client_for(a[Role.REGIONAL_STAFF])
    html = client.get(reverse("schoolwork:risk_overview"), {"year": THIS_YEAR}).content.decode()
    assert 'aria-label="Тестовый фактор 1: высокий 2, средний 0, низкий 0"' in html  # регион Б не попал
    assert "★ 1" in html
    html = client.get(
        reverse("schoolwork:risk_overview"), {"year": THIS_YEAR, "status": "not_verified"}
    ).content.decode()
    assert "Школа a2" in html and "Школа a1" not in html
    html = client.get(
        reverse("schoolwork:risk_overview"), {"year": THIS_YEAR, "status": "no_profile"}
    ).content.decode()
    assert "Школа a3" in html and "Школа a2" not in html
    municipal = (
        client_for(a[Role.MUNICIPAL_COORDINATOR])
        .get(reverse("schoolwork:risk_overview"), {"year": THIS_YEAR})
        .content.decode()
    )
    assert "Школа a3" not in municipal


def test_school_card_shows_profile_summary(a, team):
    make_profile(a["s1"], verified_by=a[Role.CURATOR], directions=(1, 2))
    html = team.get(reverse("schools:school_detail", args=[a["s1"].pk])).content.decode()
    assert "Проверен куратором" in html and "направлений: 2" in html
