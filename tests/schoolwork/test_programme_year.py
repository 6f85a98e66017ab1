"""Один год программы на всех страницах школы: карточка и профиль — текущего года (каталог рисков,
если на год свой не загружен, — последний загруженный), прошлый год — по выбору; где шага нет —
сказано, что делать."""

import pytest
from django.urls import reverse

from accounts.models import Role
from schools.models import Participation, RiskFactor
from schoolwork import services
from schoolwork.risk_selectors import catalogue_years, default_year
from tests.schoolwork.factories import THIS_YEAR, make_catalogue, make_document, make_profile

pytestmark = pytest.mark.django_db
PAST_YEAR = 2022  # каталог 2022 года есть в миграциях, своего каталога на текущий год нет


@pytest.fixture
def school(a):
    RiskFactor.objects.filter(year__gt=PAST_YEAR).delete()
    # Каталог 2022 года кладёт миграция, но транзакционный тест, прошедший раньше в том же процессе,
    # очищает таблицы целиком: не полагаемся на порядок тестов.
    make_catalogue(PAST_YEAR)
    Participation.objects.get_or_create(school=a["s1"], year=THIS_YEAR)
    return a["s1"]


def test_current_year_is_the_default_even_without_its_own_catalogue(school):
    years = catalogue_years()
    assert THIS_YEAR in years and PAST_YEAR in years
    assert default_year(years) == THIS_YEAR


def test_school_card_shows_this_years_profile_step_and_what_to_do(a, team, curator, school):
    make_profile(school, PAST_YEAR)
    html = team.get(reverse("schools:school_detail", kwargs={"school_id": school.pk})).content.decode()
    assert f"Рисковый профиль {THIS_YEAR}" in html
    section = html[html.find("schoolwork") :][:1500]
    assert f"Профиля за {THIS_YEAR} год ещё нет" in html, section
    assert "Его вносит куратор школы" in html, section
    curator_html = curator.get(
        reverse("schools:school_detail", kwargs={"school_id": school.pk})
    ).content.decode()
    assert "Внести профиль" in curator_html
    assert f"Рисковый профиль {PAST_YEAR}" not in html


def test_this_years_profile_is_entered_on_the_latest_catalogue(a, school):
    factors = list(RiskFactor.objects.filter(year=PAST_YEAR).order_by("number"))
    levels = {factor.pk: "high" for factor in factors}
    profile = services.risk_profile_enter(
        actor=a[Role.SCHOOL_TEAM], school=school, year=THIS_YEAR, levels=levels
    )
    assert profile.year == THIS_YEAR and profile.levels.count() == len(factors)


def test_profile_page_for_current_and_past_year(a, team, school):
    make_profile(school, PAST_YEAR)
    url = reverse("schoolwork:risk_profile", kwargs={"school_id": school.pk})
    current = team.get(url).content.decode()
    assert f"Рисковый профиль {THIS_YEAR}" in current and f"Профиля за {THIS_YEAR} год ещё нет" in current
    past = team.get(url, {"year": PAST_YEAR}).content.decode()
    assert f"Рисковый профиль {PAST_YEAR}" in past and "Профиля за" not in past


def test_documents_page_for_current_and_past_year(a, team, school):
    Participation.objects.get_or_create(school=school, year=PAST_YEAR)
    make_document(school, a[Role.SCHOOL_TEAM], year=PAST_YEAR)
    url = reverse("schoolwork:school_documents", kwargs={"school_id": school.pk})
    current = team.get(url).content.decode()
    assert "направления не выбраны" in current or "Антирисковые программы появляются" in current
    past = team.get(url, {"year": PAST_YEAR}).content.decode()
    assert "Концепция v1.pdf" in past or "загружен" in past


def test_confirmed_document_no_longer_shows_the_review_form(a, curator, school):
    document = make_document(school, a[Role.SCHOOL_TEAM], year=THIS_YEAR)
    url = reverse("schoolwork:document_detail", kwargs={"document_id": document.pk})
    assert "Проверка куратором" in curator.get(url).content.decode()
    services.document_confirm(actor=a[Role.CURATOR], document=document)
    assert "Проверка куратором" not in curator.get(url).content.decode()


def test_school_team_menu_has_no_directories(team):
    html = team.get(reverse("home")).content.decode()
    header = html[: html.find("</header>")]
    for link in ("Регионы", "Муниципалитеты", "Организации"):
        assert link not in header
