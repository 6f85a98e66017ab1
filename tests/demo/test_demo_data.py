"""Демо-данные: повторный запуск ничего не меняет, все демо-пользователи входят, Мышкинский МР на месте."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.http import HttpRequest  # django-axes требует запрос при проверке пароля
from django.utils import timezone

from access import schools_visible
from accounts.models import Role, RoleMembership, User
from demo.directory import DEMO_PASSWORD, DEMO_USERS, MYSHKIN, MYSHKIN_SCHOOLS
from demo.load import load_demo
from schools.models import CuratorAssignment, Municipality, Organisation, Region, RiskProfile, School

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    """Все таблицы пользователей и справочника, включая таблицы истории."""
    return {
        model._meta.label: model._base_manager.count()
        for app in ("accounts", "schools", "guardian")
        for model in apps.get_app_config(app).get_models()
    }


def test_second_run_changes_nothing_not_even_history():
    load_demo()
    after_first = _row_counts()
    out = StringIO()
    load_demo(stdout=out)
    assert _row_counts() == after_first
    assert "ничего не изменено" in out.getvalue()


def test_perm_lives_two_hours_ahead_of_moscow():
    load_demo()
    assert Region.objects.get(code="59").timezone == "Asia/Yekaterinburg"
    assert Region.objects.get(code="33").timezone == "Europe/Moscow"
    assert Region.objects.get(code="76").name == "Ярославская область"


def test_myshkin_has_its_three_schools_with_the_curator_this_year_and_in_2022():
    load_demo()
    myshkin = Municipality.objects.get(region__code="76", name=MYSHKIN)
    assert sorted(myshkin.schools.values_list("short_name", flat=True)) == sorted(MYSHKIN_SCHOOLS)
    curator = User.objects.get(email="curator.myshkin@demo.500plus.ru")
    for year in (2022, timezone.localdate().year):
        assigned = CuratorAssignment.objects.filter(curator=curator, year=year)
        assert sorted(assigned.values_list("school__short_name", flat=True)) == sorted(MYSHKIN_SCHOOLS)
    assert schools_visible(curator).count() == 3


def test_every_demo_school_takes_part_this_year():
    load_demo()
    this_year = timezone.localdate().year
    demo_schools = School.objects.filter(municipality__region__code__in=["33", "59", "76"])
    assert demo_schools.count() >= 12
    assert not demo_schools.exclude(participations__year=this_year).exists()
    assert not demo_schools.exclude(participations__year__in=[2021, 2022]).exists()


def test_every_demo_user_logs_in_with_the_demo_password():
    load_demo()
    for email, _role, _sees in DEMO_USERS:
        assert authenticate(HttpRequest(), username=email, password=DEMO_PASSWORD) is not None, email
    assert authenticate(HttpRequest(), username=DEMO_USERS[0][0], password="не-тот-пароль") is None


def test_demo_users_cover_every_role_and_one_person_has_two():
    load_demo()
    emails = [email for email, _, _ in DEMO_USERS]
    roles = set(RoleMembership.objects.filter(user__email__in=emails).values_list("role", flat=True))
    assert roles == set(Role.values)
    two_roles = RoleMembership.objects.filter(user__email="curator.vladimir@demo.500plus.ru", is_active=True)
    assert sorted(two_roles.values_list("role", flat=True)) == [Role.CURATOR, Role.MUNICIPAL_COORDINATOR]
    assert User.objects.get(email="admin@demo.500plus.ru").is_superuser


def test_rerun_restores_a_changed_demo_password():
    load_demo()
    user = User.objects.get(email="coordinator.yar@demo.500plus.ru")
    user.set_password("другой")
    user.save()
    load_demo()
    assert authenticate(HttpRequest(), username=user.email, password=DEMO_PASSWORD) is not None


def test_vladimir_organisations_know_every_abbreviation_of_the_seed():
    load_demo()
    known = set()
    for organisation in Organisation.objects.filter(region__code="33"):
        names = [organisation.short_name, *organisation.alias_list]
        known |= {name.casefold() for name in names}
    # «Ответственные» владимирской карты, включая опечатку «ВРО» и полное «ГБУ ВО РИАЦОКО».
    for abbreviation in ("РИАЦОКО", "ВИРО", "МОУО", "ОО", "ДО", "ВРО", "ГБУ ВО РИАЦОКО", "ФИОКО"):
        assert abbreviation.casefold() in known, abbreviation


def test_myshkin_risk_profiles_2022_one_verified_with_two_directions():
    load_demo()
    profiles = RiskProfile.objects.filter(year=2022, school__municipality__name=MYSHKIN)
    assert profiles.count() == 3
    for profile in profiles:
        assert profile.levels.count() == 10
    verified = profiles.get(verified_by__email="curator.myshkin@demo.500plus.ru")
    assert verified.school.short_name == "МОУ Мышкинская СОШ"
    assert verified.levels.filter(is_active_direction=True).count() == 2
    assert profiles.filter(verified_at__isnull=True).count() == 2
