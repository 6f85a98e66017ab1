"""Работа со школой в браузере: школа загружает концепцию, куратор записывает посещение с вложением и
подтверждает документ, школа видит подтверждение."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from schoolwork.models import DocumentStatus, SchoolDocument, Visit
from tests.factories import (
    TEST_PASSWORD,
    MunicipalityFactory,
    RegionFactory,
    SchoolFactory,
    assign_curator,
    make_member,
)
from tests.schoolwork.factories import pdf_bytes

try:
    from playwright.sync_api import expect
except ImportError:  # фикстура `browser` пропустит тест (или уронит его в CI) с понятной причиной
    expect = None

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def place():
    region = RegionFactory(name="Северная область")
    municipality = MunicipalityFactory(region=region, name="Озёрный муниципальный район")
    school = SchoolFactory(municipality=municipality, short_name="МОУ «Школа Рассвет»")
    curator = make_member(Role.CURATOR, region=region, last_name="Кураторова")
    assign_curator(curator, school)
    team = make_member(Role.SCHOOL_TEAM, school=school, last_name="Директорова")
    return {"school": school, "curator": curator, "team": team}


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(name)}


def switch_user(page, live_server, login, user):
    page.context.clear_cookies()
    login(page, live_server.url, user.email, TEST_PASSWORD)


def test_curator_logs_visit_and_confirms_document_school_sees_it(page, live_server, login, place):
    school, base = place["school"], live_server.url
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    # Школа загружает концепцию развития.
    login(page, base, place["team"].email, TEST_PASSWORD)
    page.goto(base + reverse("schoolwork:school_documents", args=[school.pk]))
    page.get_by_role("row", name="Концепция развития").get_by_role("link", name="Загрузить").click()
    page.set_input_files("#id_file", files=[pdf("Концепция развития школы.pdf")])
    page.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_test_id("document-state")).to_contain_text("загружен, ждёт проверки")

    # Куратор записывает посещение с вложением из карточки школы.
    switch_user(page, live_server, login, place["curator"])
    page.goto(base + reverse("schools:school_detail", args=[school.pk]))
    page.get_by_role("link", name="Записать посещение").first.click()
    page.select_option("#id_kind", "first")
    page.fill("#id_date", yesterday.isoformat())
    page.fill("#id_purpose", "Первичное посещение, знакомство с командой")
    page.fill("#id_findings", "Провели встречу с педагогами, посетили два урока")
    page.set_input_files("#id_files", files=[pdf("Протокол встречи.pdf")])
    page.get_by_role("button", name="Записать посещение").click()
    expect(page.locator("ul.messages")).to_contain_text("Посещение записано")
    expect(page.get_by_role("link", name="Протокол встречи.pdf")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(yesterday.strftime("%d.%m.%Y"))
    visit = Visit.objects.get()
    assert visit.attachments.get().original_name == "Протокол встречи.pdf"

    # Куратор открывает документ и подтверждает его.
    page.get_by_role("link", name="Документы", exact=True).last.click()
    page.get_by_role("link", name="Концепция развития").click()
    page.fill("#id_comment", "Концепция принята")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_test_id("document-state")).to_contain_text("подтверждён куратором")
    assert SchoolDocument.objects.get().status == DocumentStatus.CONFIRMED

    # Школа видит подтверждение и комментарий куратора.
    switch_user(page, live_server, login, place["team"])
    page.goto(base + reverse("schoolwork:school_documents", args=[school.pk]))
    row = page.get_by_test_id("documents").get_by_role("row", name="Концепция развития")
    expect(row).to_contain_text("подтверждён куратором")
    expect(row).to_contain_text("Концепция принята")
    page.goto(base + reverse("schoolwork:school_visits", args=[school.pk]))
    expect(page.get_by_test_id("visits")).to_contain_text(yesterday.strftime("%d.%m.%Y"))
