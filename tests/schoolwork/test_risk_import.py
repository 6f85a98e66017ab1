"""Загрузка рисковых профилей региона из Excel: шаблон, предпросмотр с ошибками по строкам, запись
всех строк одной транзакцией по подтверждению; испорченные и враждебные файлы — понятная ошибка, ничего
не сохранено."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from schools.models import RiskProfile, RiskProfileLevel
from schoolwork import files
from schoolwork.models import ImportStatus, RiskImportBatch
from tests.factories import SchoolFactory, make_member
from tests.schoolwork.factories import THIS_YEAR, make_profile, pdf_bytes, upload
from tests.schoolwork.factories import _zip as make_zip

pytestmark = pytest.mark.usefixtures("catalogue")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def coordinator(a, client_for):
    return client_for(a[Role.REGIONAL_COORDINATOR])


def template(client, region) -> Workbook:
    response = client.get(
        reverse("schoolwork:risk_import_template"), {"region": region.pk, "year": THIS_YEAR}
    )
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "filename*=utf-8''" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook: Workbook, name="РПШ.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload(name, buffer.getvalue(), XLSX)


def row_of(sheet, school) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == school.pk)


def fill(sheet, school, levels: list[str]) -> int:
    """Уровни в строку школы; возвращает номер строки."""
    row = row_of(sheet, school)
    for offset, level in enumerate(levels):
        sheet.cell(row=row, column=5 + offset, value=level)
    return row


def preview(client, region, file):
    return client.post(
        reverse("schoolwork:risk_import"), {"region": region.pk, "year": THIS_YEAR, "file": file}
    )


def test_template_has_a_row_per_school_and_a_column_per_factor(a, coordinator):
    sheet = template(coordinator, a["region"])["РПШ"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Код школы", "ИНН", "Муниципалитет", "Школа"]
    assert header[4:] == [f"{n}. Тестовый фактор {n}" for n in range(1, 11)]
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Школа a1",
        "Школа a2",
        "Школа a3",
    ]
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"высокий,средний,низкий"' and str(validation.sqref) == "E2:N4"


def test_preview_lists_row_errors_in_russian_and_saves_nothing(a, coordinator):
    workbook = template(coordinator, a["region"])
    sheet = workbook["РПШ"]
    first = fill(sheet, a["s1"], ["высокий"] * 10)
    bad_level = fill(sheet, a["s2"], ["средний"] * 9 + ["очень высокий"])
    sheet.append([999999, "", "", "Неизвестная школа", *["низкий"] * 10])
    sheet.append([a["s1"].pk, "", "", "та же школа ещё раз", *["низкий"] * 10])
    response = preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    assert response.status_code == 302
    html = coordinator.get(response["Location"]).content.decode()
    assert f"Строка {bad_level}: Неизвестный уровень «очень высокий» по фактору 10" in html
    assert "Строка 5: Неизвестная школа: кода 999999 нет среди школ региона." in html
    assert f"Строка 6: Повтор: школа «Школа a1» уже есть в строке {first}." in html
    assert "ничего не записано" in html and "Записать профили" not in html
    assert not RiskProfile.objects.exists()
    response = coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]), follow=True)
    assert "В файле есть ошибки" in response.content.decode() and not RiskProfile.objects.exists()


def test_confirmed_import_writes_all_rows_in_one_go(a, coordinator):
    workbook = template(coordinator, a["region"])
    fill(
        workbook["РПШ"],
        a["s1"],
        ["высокий", "В", "средний", "С", "низкий", "н", "Средний", "низкий", "high", "low"],
    )
    fill(
        workbook["РПШ"], a["s2"], ["низкий"] * 10
    )  # строка s3 пустая — школа без анкетирования, пропускается
    response = preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    html = coordinator.get(response["Location"]).content.decode()
    assert "Записать профили (2)" in html and not RiskProfile.objects.exists()

    response = coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.applied_count == 2
    assert RiskProfile.objects.count() == 2 and RiskProfileLevel.objects.count() == 20
    first = RiskProfile.objects.get(school=a["s1"])
    assert list(first.levels.order_by("factor__number").values_list("level", flat=True)) == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "low",
        "medium",
        "low",
        "high",
        "low",
    ]
    assert first.levels.first().history.first().history_change_reason == "Загрузка из Excel: РПШ.xlsx"
    again = coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]), follow=True)
    assert "уже применена" in again.content.decode()


def test_apply_rechecks_and_writes_nothing_if_a_profile_was_verified_meanwhile(a, coordinator):
    make_profile(a["s2"])  # шаблон подставит её уровни — строка s2 попадёт в загрузку
    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["высокий"] * 10)
    fill(workbook["РПШ"], a["s3"], ["низкий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook))
    RiskProfile.objects.filter(school=a["s2"]).update(
        verified_by=a[Role.CURATOR], verified_at="2026-01-01T00:00Z"
    )
    response = coordinator.post(
        reverse("schoolwork:risk_import_apply", args=[RiskImportBatch.objects.get().pk]), follow=True
    )
    assert "ничего не записано" in response.content.decode()
    assert not RiskProfile.objects.filter(school=a["s1"]).exists()  # первая строка тоже не записана
    assert not RiskProfileLevel.objects.filter(level="low").exclude(survey_level="low").exists()


def test_apply_is_atomic_when_writing_fails_halfway(a, coordinator, monkeypatch):
    from schoolwork.services import risk_import

    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["высокий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook))

    def broken(*args, **kwargs):
        raise ValidationError("сбой записи")

    monkeypatch.setattr(risk_import, "_update_levels", broken)
    coordinator.post(reverse("schoolwork:risk_import_apply", args=[RiskImportBatch.objects.get().pk]))
    assert not RiskProfile.objects.exists() and not RiskProfileLevel.objects.exists()
    assert RiskImportBatch.objects.get().status == ImportStatus.PENDING


def _broken_xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()[:-200]  # обрезано оглавление архива


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("отчёт.xlsx", pdf_bytes(), "допустимы только XLSX"),
        ("таблица.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls", "допустимы только XLSX"),
        ("битый.xlsx", _broken_xlsx(), "повреждён"),
        (
            "подделка.xlsx",
            make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-xml"}),
            "не читается как книга Excel",
        ),
        ("пустая.xlsx", None, "Это не шаблон рисковых профилей"),
    ],
)
def test_hostile_and_malformed_files_are_refused_and_nothing_saved(a, coordinator, name, content, message):
    if content is None:
        buffer = io.BytesIO()
        Workbook().save(buffer)
        content = buffer.getvalue()
    response = preview(coordinator, a["region"], upload(name, content, XLSX))
    assert response.status_code == 200 and message in response.content.decode()
    assert not RiskImportBatch.objects.exists() and not RiskProfile.objects.exists()


def test_oversized_file_is_refused(a, coordinator, settings):
    workbook = template(coordinator, a["region"])
    settings.UPLOAD_MAX_BYTES = 1000
    response = preview(coordinator, a["region"], as_upload(workbook))
    assert "больше" in response.content.decode() and not RiskImportBatch.objects.exists()


def test_zip_bomb_like_file_is_refused(a, coordinator, monkeypatch):
    workbook = template(coordinator, a["region"])
    monkeypatch.setattr(files, "MAX_SPREADSHEET_UNPACKED", 2000)
    response = preview(coordinator, a["region"], as_upload(workbook))
    assert "при распаковке" in response.content.decode() and not RiskImportBatch.objects.exists()


def test_columns_that_do_not_match_the_catalogue_are_refused(a, coordinator):
    workbook = template(coordinator, a["region"])
    workbook["РПШ"].delete_cols(7)  # нет фактора 3
    response = preview(coordinator, a["region"], as_upload(workbook))
    assert "нет столбцов факторов 3" in response.content.decode()


def test_school_found_by_inn_or_name_when_code_is_empty(a, coordinator):
    school = SchoolFactory(municipality=a["m1"], short_name="Школа с ИНН", inn="7612000001")
    workbook = template(coordinator, a["region"])
    sheet = workbook["РПШ"]
    sheet.append(["", "7612000001", "", "как угодно", *["высокий"] * 10])
    sheet.append(["", "", a["m2"].name, "школа A3", *["низкий"] * 10])
    preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    assert batch.errors == [] and {r["school_id"] for r in batch.rows} == {school.pk, a["s3"].pk}


def test_only_regional_coordinator_imports_and_only_the_author_sees_the_batch(world, a, client_for):
    for user in (
        a[Role.REGIONAL_STAFF],
        a[Role.CURATOR],
        a[Role.MUNICIPAL_COORDINATOR],
        world[Role.FEDERAL_STAFF],
    ):
        assert client_for(user).get(reverse("schoolwork:risk_import")).status_code == 404
    batch = RiskImportBatch.objects.create(
        region=a["region"], year=THIS_YEAR, created_by=a[Role.REGIONAL_COORDINATOR], original_name="x.xlsx"
    )
    colleague = make_member(Role.REGIONAL_COORDINATOR, region=a["region"])
    assert (
        client_for(colleague).get(reverse("schoolwork:risk_import_preview", args=[batch.pk])).status_code
        == 404
    )
    assert (
        client_for(colleague).post(reverse("schoolwork:risk_import_apply", args=[batch.pk])).status_code
        == 404
    )


def test_verified_profiles_in_the_template_are_left_alone_unless_changed(a, coordinator):
    verified = make_profile(a["s2"], verified_by=a[Role.CURATOR])
    workbook = template(coordinator, a["region"])  # строка s2 заполнена уровнями проверенного профиля
    fill(workbook["РПШ"], a["s1"], ["высокий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    assert batch.errors == []
    coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.applied_count == 1
    assert verified.levels.first().history.count() == 1  # проверенный профиль не тронут

    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s2"], ["низкий"] * 10)
    response = preview(coordinator, a["region"], as_upload(workbook, "второй.xlsx"))
    html = coordinator.get(response["Location"]).content.decode()
    assert "Профиль школы «Школа a2» уже проверен куратором — загрузка его не меняет" in html


def test_second_import_updates_changed_levels_with_history(a, coordinator):
    profile = make_profile(a["s1"])  # не проверен: загрузка вправе переписать анкетирование
    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["низкий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook, "уточнение.xlsx"))
    batch = RiskImportBatch.objects.get()
    assert batch.rows[0]["action"] == "update"
    coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]))
    assert set(profile.levels.values_list("level", "survey_level")) == {("low", "low")}
    first = profile.levels.get(factor__number=1)
    assert first.history.count() == 2
    assert first.history.first().history_change_reason == "Загрузка из Excel: уточнение.xlsx"
    assert first.history.first().history_user == a[Role.REGIONAL_COORDINATOR]


def test_large_import_is_written_in_the_background_once(
    a, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    from schoolwork.services import risk_import
    from schoolwork.tasks import apply_risk_import

    monkeypatch.setattr(risk_import, "SYNC_APPLY_LIMIT", 1)
    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["высокий"] * 10)
    fill(workbook["РПШ"], a["s2"], ["средний"] * 10)
    preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coordinator.post(reverse("schoolwork:risk_import_apply", args=[batch.pk]), follow=True)
    assert "записываются в фоне" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLYING and not RiskProfile.objects.exists() and len(callbacks) == 1
    html = coordinator.get(reverse("schoolwork:risk_import_preview", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' in html

    callbacks[0]()  # задача Celery (в тестах — сразу)
    apply_risk_import(batch.pk, a[Role.REGIONAL_COORDINATOR].pk)  # повтор задачи ничего не пишет
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.applied_count == 2
    assert RiskProfile.objects.count() == 2 and RiskProfileLevel.objects.count() == 20


def test_background_import_returns_the_batch_with_a_reason_if_data_changed(a, coordinator, monkeypatch):
    from schoolwork.services import risk_import
    from schoolwork.tasks import apply_risk_import

    monkeypatch.setattr(risk_import, "SYNC_APPLY_LIMIT", 0)
    workbook = template(coordinator, a["region"])
    fill(workbook["РПШ"], a["s1"], ["высокий"] * 10)
    preview(coordinator, a["region"], as_upload(workbook))
    batch = RiskImportBatch.objects.get()
    risk_import.risk_profiles_import_confirm(actor=a[Role.REGIONAL_COORDINATOR], batch=batch)
    make_profile(a["s1"], verified_by=a[Role.CURATOR])  # куратор успел проверить профиль
    apply_risk_import(batch.pk, a[Role.REGIONAL_COORDINATOR].pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PENDING and "изменились школы" in batch.apply_error
    html = coordinator.get(reverse("schoolwork:risk_import_preview", args=[batch.pk])).content.decode()
    assert "Не записано:" in html


def test_oversized_names_give_bounded_messages_and_paginated_errors(a, coordinator):
    """Файл с названиями школ в мегабайт и тысячей плохих строк: сообщения короткие, их число ограничено,
    страница предпросмотра показывает ошибки по 50."""
    from schoolwork.services.risk_import import MAX_STORED_ERRORS

    workbook = template(coordinator, a["region"])
    sheet = workbook["РПШ"]
    huge = "Ш" * 1_000_000
    sheet.append(["", "", huge, huge, *["низкий"] * 10])
    for n in range(MAX_STORED_ERRORS + 100):
        sheet.append(["", "", "р", f"Нет такой школы {n} " + "x" * 300, *["низкий"] * 10])
    response = preview(coordinator, a["region"], as_upload(workbook))
    assert response.status_code == 302
    batch = RiskImportBatch.objects.get()
    assert len(batch.errors) == MAX_STORED_ERRORS + 1
    assert batch.errors[-1]["row"] is None and "ещё ошибок: 101" in batch.errors[-1]["message"]
    assert max(len(e["message"]) for e in batch.errors) < 200
    html = coordinator.get(response["Location"]).content.decode()
    assert len(html) < 200_000
    assert html.count("Неизвестная школа") == 50
    assert "следующие ошибки" in html
    last_page = coordinator.get(response["Location"], {"errors_page": 11}).content.decode()
    assert "ещё ошибок: 101" in last_page
