"""generate_demo: точные количества, куратор у каждой школы, --clear трогает только синтетику."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from accounts.models import Role, RoleMembership, User
from demo.directory import DEMO_REGION_CODES
from demo.load import load_demo
from demo.synthetic import EMAIL_DOMAIN, REGION_PREFIX
from schools.models import (
    CuratorAssignment,
    Municipality,
    Organisation,
    Participation,
    Region,
    RiskProfile,
    School,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2024
SMALL = [
    "--regions",
    "2",
    "--municipalities-per-region",
    "3",
    "--schools-per-municipality",
    "2",
    "--seed",
    "7",
    "--year",
    str(YEAR),
]


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo", *args, stdout=out)
    return out.getvalue()


def _synthetic_counts() -> dict[str, int]:
    regions = Region.objects.filter(name__startswith=REGION_PREFIX)
    schools = School.objects.filter(municipality__region__in=regions)
    return {
        "regions": regions.count(),
        "municipalities": Municipality.objects.filter(region__in=regions).count(),
        "schools": schools.count(),
        "participations": Participation.objects.filter(school__in=schools).count(),
        "organisations": Organisation.objects.filter(region__in=regions).count(),
        "users": User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count(),
        "memberships": RoleMembership.objects.filter(region__in=regions).count(),
        "assignments": CuratorAssignment.objects.filter(school__in=schools).count(),
    }


EXPECTED_SMALL = {
    "regions": 2,
    "municipalities": 6,
    "schools": 12,
    "participations": 12 + 4,  # все в 2024 и 30 % (4 из 12) ещё в 2023
    "organisations": 2 * 5,  # ДО, ИРО, РЦОКО, МОУО, ОО
    "users": 2 + 6 + 4,  # координатор на регион, на муниципалитет и по куратору на 3 школы (6 школ → 2)
    "memberships": 12,
    "assignments": 12,
}


def test_small_run_creates_exactly_the_planned_rows():
    output = _generate(*SMALL)
    assert _synthetic_counts() == EXPECTED_SMALL
    assert "назначения кураторов" in output and "COMMIT" in output


def test_every_school_has_a_curator_of_its_region_with_about_three_schools():
    _generate(*SMALL)
    schools = School.objects.filter(municipality__region__name__startswith=REGION_PREFIX)
    for school in schools:
        assignment = school.curator_assignments.get(year=YEAR)
        assert RoleMembership.objects.filter(
            user=assignment.curator, role=Role.CURATOR, region=school.municipality.region
        ).exists()
        assert school.participations.filter(year=YEAR).exists()
    per_curator = CuratorAssignment.objects.filter(year=YEAR).values("curator").annotate(n=Count("id"))
    assert {row["n"] for row in per_curator} == {3}


def test_clear_rerun_gives_the_same_rows_and_keeps_the_demo():
    load_demo()
    not_synthetic = School.objects.exclude(municipality__region__name__startswith=REGION_PREFIX)
    demo_schools = not_synthetic.count()
    _generate(*SMALL)
    first_names = sorted(School.objects.values_list("short_name", "municipality__name"))
    output = _generate(*SMALL, "--clear")
    assert "Удалена прежняя синтетика" in output
    assert _synthetic_counts() == EXPECTED_SMALL
    assert sorted(School.objects.values_list("short_name", "municipality__name")) == first_names  # один seed
    assert not_synthetic.count() == demo_schools
    synthetic_regions = Region.objects.filter(name__startswith=REGION_PREFIX)
    synthetic_codes = set(synthetic_regions.values_list("code", flat=True))
    assert not synthetic_codes & set(DEMO_REGION_CODES)


def test_clear_removes_what_others_attached_to_synthetic_data():
    _generate(*SMALL)
    school = School.objects.filter(municipality__region__name__startswith=REGION_PREFIX).first()
    outsider = UserFactory()
    RoleMembership.objects.create(user=outsider, role=Role.CURATOR, region=school.municipality.region)
    # год, которого синтетика не создаёт: профиль добавлен «со стороны»
    RiskProfile.objects.create(school=school, year=YEAR + 1, verified_by=outsider)
    _generate("--clear-only")
    assert all(count == 0 for count in _synthetic_counts().values())
    assert not RiskProfile.objects.exists()
    assert User.objects.filter(pk=outsider.pk).exists() and not outsider.memberships.exists()


def test_totals_are_spread_evenly_over_regions_and_municipalities():
    _generate(
        "--regions",
        "3",
        "--municipalities-total",
        "10",
        "--schools-total",
        "25",
        "--seed",
        "1",
        "--year",
        str(YEAR),
    )
    counts = _synthetic_counts()
    assert (counts["regions"], counts["municipalities"], counts["schools"]) == (3, 10, 25)
    per_region = Municipality.objects.filter(region__name__startswith=REGION_PREFIX).values("region")
    assert {row["n"] for row in per_region.annotate(n=Count("id"))} == {3, 4}
    assert counts["assignments"] == 25


def test_too_many_regions_is_refused_in_russian():
    with pytest.raises(CommandError, match="Регионов может быть от 1 до 99"):
        _generate("--regions", "120")
    assert not Region.objects.exists()
