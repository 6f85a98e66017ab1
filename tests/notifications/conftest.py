"""Пермский край (UTC+5) с картами трёх уровней и людьми на каждую роль; запуск дня напоминаний.

Местный день в Перми наступает на два часа раньше московского: в 20:30 UTC 22.11.2026 в Москве ещё
22-е (23:30), а в Перми уже 23-е (01:30)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core import mail

from accounts.models import Role
from notifications import services
from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    assign_curator,
    make_member,
    make_roadmap,
)

YEAR = 2026
DAY = date(2026, 11, 23)  # местный день Перми, за который идут напоминания


@pytest.fixture
def perm(db):
    region = RegionFactory(name="Пермский край", code="59", timezone="Asia/Yekaterinburg")
    kungur = MunicipalityFactory(region=region, name="Кунгурский муниципальный округ")
    chusovoy = MunicipalityFactory(region=region, name="Чусовской городской округ")
    school = SchoolFactory(municipality=kungur, short_name="МАОУ «СОШ № 1» г. Кунгура", years=[YEAR])
    other_school = SchoolFactory(municipality=chusovoy, short_name="МБОУ «СОШ № 7» г. Чусового", years=[YEAR])
    curator = make_member(Role.CURATOR, region=region, last_name="Кураторова", email="curator@perm.test")
    assign_curator(curator, school, year=YEAR)
    return SimpleNamespace(
        region=region,
        kungur=kungur,
        chusovoy=chusovoy,
        school=school,
        other_school=other_school,
        regional_coordinator=make_member(
            Role.REGIONAL_COORDINATOR, region=region, last_name="Регионова", email="rc@perm.test"
        ),
        staff=make_member(
            Role.REGIONAL_STAFF, region=region, last_name="Министерская", email="staff@perm.test"
        ),
        kungur_coordinator=make_member(
            Role.MUNICIPAL_COORDINATOR, municipality=kungur, last_name="Кунгурова", email="mc@kungur.test"
        ),
        chusovoy_coordinator=make_member(
            Role.MUNICIPAL_COORDINATOR, municipality=chusovoy, last_name="Чусовая", email="mc@chusovoy.test"
        ),
        team=make_member(Role.SCHOOL_TEAM, school=school, last_name="Директорова", email="team@school1.test"),
        curator=curator,
        regional=make_roadmap("regional", region=region, year=YEAR),
        municipal=make_roadmap("municipal", municipality=kungur, year=YEAR),
        school_map=make_roadmap("school", school=school, year=YEAR),
    )


@pytest.fixture
def run_day(django_capture_on_commit_callbacks):
    """Обрабатывает день региона как задача: письма уходят после коммита (задачи — сразу, eager)."""

    def run(region, day: date = DAY) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.region_day_process(region_id=region.pk, day=day)

    return run


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


def mails_to(outbox, email: str) -> list:
    return [message for message in outbox if email in message.to]
