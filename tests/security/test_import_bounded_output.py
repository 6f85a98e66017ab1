"""Загрузка дорожной карты из файла с огромными ячейками и тысячами предупреждений: предпросмотр
ограничен и разбит на страницы, сообщения повторяют ввод не длиннее 100 знаков, список причин отказа
записи — с итогом, а не на тысячи строк."""

import io
import random

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from roadmaps.importers.pipeline import parse_grid
from roadmaps.models import RoadMapImport
from roadmaps.services.imports import ApplyChoice, roadmap_draft_apply
from tests.factories import RegionFactory, make_member
from tests.roadmaps.importing.test_pipeline_rules import grid

WORDS = ["семинар", "школа", "куратор", "план", "отчёт", "анализ", "встреча", "урок", "проект", "карта"]


def _xlsx(rows: int, description_chars: int) -> bytes:
    random.seed(7)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["№ п/п", "Описание действий", "Сроки", "Показатель", "Ответственные"])
    for n in range(1, rows + 1):
        text = " ".join(random.choice(WORDS) for _ in range(description_chars // 6))[:description_chars]
        sheet.append([f"{n * 3}.", f"Мероприятие {n}. {text}", "когда-нибудь потом", "Доля школ", "УО"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def coordinator_client(client, db):
    region = RegionFactory(name="Пермский край", code="59")
    client.force_login(make_member(Role.REGIONAL_COORDINATOR, region=region))
    return client


def test_preview_of_a_huge_file_is_paginated_and_bounded(coordinator_client):
    data = _xlsx(600, 3000)
    response = coordinator_client.post(
        reverse("roadmaps:import_upload"), {"file": SimpleUploadedFile("map.xlsx", data)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = RoadMapImport.objects.get()
    assert len(batch.parsed["warnings"]) <= 501  # не больше 500 предупреждений и строка-итог
    page = coordinator_client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert len(html) < 1_000_000, len(html)  # файл 600 × 3000 знаков: страница — не весь файл
    assert html.count('<li class="import-warning">') <= 50
    assert "предупреждения: стр. 1 из" in html and "мероприятия: стр. 1 из" in html
    assert 'id="item-count">600<' in html  # число мероприятий — всех, а не страницы
    later = coordinator_client.get(response.url + "?page=6&warnings_page=3").content.decode()
    table = later[later.index('id="import-rows"') :]
    assert "Мероприятие 600." in table and "Мероприятие 1. " not in table  # шестая страница таблицы


def test_row_without_description_echoes_at_most_100_characters():
    rows = [["№", "Мероприятия", "Сроки", "Ответственный", "Показатель", "Примечание"]]
    rows += [[f"{n}.", f"Семинар {n}", "март 2022", "УО", "Доля", ""] for n in range(1, 4)]
    rows += [["4.", "", "x" * 5000, "y" * 5000, "z" * 5000, "w" * 5000]]
    draft = parse_grid(grid(rows))
    skipped = [w.message for w in draft.row_warnings if "строка пропущена" in w.message]
    assert skipped and all(len(message) <= 160 for message in skipped)


def test_too_long_fields_are_listed_with_a_total_not_one_line_each(db):
    rows = [["№", "Мероприятия", "Сроки", "Ответственный"]]
    rows += [[f"{n}.", f"Семинар {n}", "март 2022", "УО " + "р" * 1200] for n in range(1, 301)]
    with pytest.raises(ValidationError) as error:
        roadmap_draft_apply(
            actor=None,
            draft=parse_grid(grid(rows)),
            choice=ApplyChoice(
                level="regional", year=2022, title="План", note="", mode="new", region=RegionFactory()
            ),
            source_name="map.docx",
        )
    messages = error.value.messages
    assert len(messages) <= 25 and "ещё" in messages[-1]


def test_long_file_name_is_echoed_at_most_100_characters(coordinator_client):
    name = "Дорожная карта " + "очень " * 60 + ".pdf"
    response = coordinator_client.post(
        reverse("roadmaps:import_upload"), {"file": SimpleUploadedFile(name, b"%PDF-1.4 test")}
    )
    html = response.content.decode()
    assert "PDF" in html and "очень " * 20 not in html


def test_zip_part_names_in_messages_are_cut(coordinator_client):
    import zipfile

    out = io.BytesIO()
    part = "word/" + "очень-длинное-имя-" * 200 + ".xml"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(part, "<a><b>не закрыто")
    response = coordinator_client.post(
        reverse("roadmaps:import_upload"), {"file": SimpleUploadedFile("map.docx", out.getvalue())}
    )
    html = response.content.decode()
    assert "не XML" in html and "очень-длинное-имя-" * 5 not in html
