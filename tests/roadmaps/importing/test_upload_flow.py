"""Загрузка карты из файла через страницы: загрузка → предпросмотр → сопоставление столбцов →
запись (новая карта, замена черновика с историей, дополнение), подтверждения «ничего молча», права."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from roadmaps.importers import read_seed
from roadmaps.models import Item, RoadMap, RoadMapImport
from roadmaps.models_import import ImportStatus
from roadmaps.services import item_restore
from tests.factories import RegionFactory, make_member, make_roadmap
from tests.roadmaps.importing.builders import LAYOUTS, build_docx, build_xlsx

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
PERM = read_seed(SEEDS / "perm-regional-2021.txt")
STANDARD = LAYOUTS[0]


def upload(client, data: bytes, name: str, roadmap=None):
    url = reverse("roadmaps:import_upload") + (f"?roadmap={roadmap.pk}" if roadmap else "")
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def apply(client, batch, **fields):
    form = {
        "owner": f"regional:{fields.pop('region').pk}",
        "year": 2021,
        "title": "Карта из файла",
        "note": "",
        "mode": "new",
        "confirmed": "False",
        **fields,
    }
    return client.post(reverse("roadmaps:import_preview", kwargs={"import_id": batch.pk}), form)


@pytest.fixture
def coordinator(db):
    region = RegionFactory(name="Пермский край", code="59")
    return make_member(Role.REGIONAL_COORDINATOR, region=region), region


def test_coordinator_uploads_docx_sees_preview_and_creates_map(client, coordinator):
    user, region = coordinator
    client.force_login(user)
    assert "Загрузить из файла" in client.get(reverse("roadmaps:list")).content.decode()
    response = upload(
        client, build_docx(PERM, STANDARD.with_(preamble=["ПРИКАЗ № 5 от 01.02.2021"])), "perm.docx"
    )
    batch = RoadMapImport.objects.get()
    assert response.status_code == 302 and batch.status == ImportStatus.READY
    page = client.get(response.url).content.decode()
    assert "Предпросмотр" in page and 'id="item-count">37<' in page
    assert "после 1.11 идёт 1.13" in page  # нумерация с пропуском — видна сверху
    assert "Региональная дорожная карта мероприятий" in page

    response = apply(client, batch, region=region, title=PERM.title, note="ПРИКАЗ № 5 от 01.02.2021")
    roadmap = RoadMap.objects.get(region=region, year=2021)
    assert response.status_code == 302 and response.url == reverse(
        "roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}
    )
    assert roadmap.items.count() == 37 and roadmap.sections.count() == 4
    assert roadmap.title == PERM.title and roadmap.note == "ПРИКАЗ № 5 от 01.02.2021"
    first = roadmap.items.order_by("section__position", "position").first()
    assert (first.source_number, first.period_text) == ("1.1", "25-29.01.2021")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.result == roadmap


def test_changing_a_column_mapping_reparses_the_stored_file(client, coordinator):
    user, _region = coordinator
    client.force_login(user)
    upload(client, build_docx(PERM, STANDARD), "perm.docx")
    batch = RoadMapImport.objects.get()
    stored = batch.file.name
    columns = {c["index"]: c["field"] for c in batch.parsed["column_list"]}
    assert columns[3] == "indicator"
    mapping = {f"column_{i}": field for i, field in columns.items()}
    mapping["column_3"] = ""  # показатель не загружать
    client.post(reverse("roadmaps:import_reparse", kwargs={"import_id": batch.pk}), mapping)
    batch.refresh_from_db()
    assert batch.file.name == stored  # тот же сохранённый файл, без повторной загрузки
    assert all(item["indicator"] == "" for item in batch.parsed["items"])
    assert {c["index"]: c["by"] for c in batch.parsed["column_list"]}[3] == "user"


def test_truncated_file_never_replaces_a_draft_without_confirmation_and_old_items_stay_in_history(
    client, coordinator
):
    user, region = coordinator
    client.force_login(user)
    roadmap = make_roadmap("regional", region=region, year=2021, sections=2, items=20)
    truncated = read_seed(SEEDS / "perm-regional-2021.txt")
    truncated.sections = truncated.sections[:1]
    truncated.sections[0].items = truncated.sections[0].items[:11]  # файл оборван после 1.11
    upload(client, build_docx(truncated, STANDARD), "perm-cut.docx", roadmap=roadmap)
    batch = RoadMapImport.objects.get()
    old_ids = set(roadmap.items.values_list("pk", flat=True))

    response = apply(client, batch, region=region, mode="replace")
    page = response.content.decode()
    assert response.status_code == 200
    assert "В карте сейчас 20 мероприятий, а в файле 11" in page
    assert set(roadmap.items.values_list("pk", flat=True)) == old_ids  # ничего не тронуто

    response = apply(client, batch, region=region, mode="replace", confirmed="on")
    assert response.status_code == 302
    assert roadmap.items.count() == 11 and not (set(roadmap.items.values_list("pk", flat=True)) & old_ids)
    gone = Item.history.filter(id=min(old_ids), history_type="-").get()
    item_restore(actor=user, item_id=gone.id, history_id=gone.history_id, roadmap=roadmap)
    assert roadmap.items.count() == 12  # заменённое возвращается из истории


def test_column_shifted_file_is_flagged_and_needs_confirmation(client, coordinator):
    user, region = coordinator
    client.force_login(user)
    roadmap = make_roadmap("regional", region=region, year=2021, items=37)
    shifted = STANDARD.with_(
        headers=dict(STANDARD.headers), order=["number", "period", "description", "indicator", "responsible"]
    )
    shifted.headers = {
        "number": "№ п/п",
        "period": "Описание действий",
        "description": "Сроки",
        "indicator": "Показатель",
        "responsible": "Ответственные",
    }  # заголовки не над своими данными
    upload(client, build_xlsx(PERM, shifted), "shifted.xlsx", roadmap=roadmap)
    batch = RoadMapImport.objects.get()
    assert any("читаются как срок только" in flag for flag in batch.parsed["flags"])
    response = apply(client, batch, region=region, mode="replace")
    assert response.status_code == 200 and "больше 20 %" in response.content.decode()
    assert roadmap.items.count() == 37


def test_append_adds_items_after_the_existing_ones(client, coordinator):
    user, region = coordinator
    client.force_login(user)
    roadmap = make_roadmap("regional", region=region, year=2021, items=3)
    upload(client, build_docx(PERM, STANDARD), "perm.docx", roadmap=roadmap)
    response = apply(client, RoadMapImport.objects.get(), region=region, mode="append")
    assert response.status_code == 302 and roadmap.items.count() == 40


def test_new_map_refused_when_one_exists_and_nothing_is_saved(client, coordinator):
    user, region = coordinator
    client.force_login(user)
    make_roadmap("regional", region=region, year=2021, items=2)
    upload(client, build_docx(PERM, STANDARD), "perm.docx")
    response = apply(client, RoadMapImport.objects.get(), region=region, mode="new")
    assert response.status_code == 200 and "уже есть" in response.content.decode()
    assert RoadMap.objects.count() == 1


def test_read_only_staff_cannot_import_and_others_cannot_see_an_upload(client, coordinator):
    user, region = coordinator
    roadmap = make_roadmap("regional", region=region, year=2021, items=2)
    staff = make_member(Role.REGIONAL_STAFF, region=region)
    client.force_login(staff)
    assert client.get(reverse("roadmaps:import_upload") + f"?roadmap={roadmap.pk}").status_code == 403
    assert client.get(reverse("roadmaps:import_upload")).status_code == 403
    client.force_login(user)
    upload(client, build_docx(PERM, STANDARD), "perm.docx")
    batch = RoadMapImport.objects.get()
    other = make_member(Role.REGIONAL_COORDINATOR, region=region)
    client.force_login(other)
    assert client.get(reverse("roadmaps:import_preview", kwargs={"import_id": batch.pk})).status_code == 404


def test_large_files_are_parsed_by_the_background_task(
    client, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    from roadmaps.services import imports

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("с Redis задачу выполняет настоящий воркер: test_large_file_is_parsed_by_a_real_worker")
    user, _region = coordinator
    client.force_login(user)
    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 10)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, build_docx(PERM, STANDARD), "perm.docx")
    batch = RoadMapImport.objects.get()
    assert batch.status == ImportStatus.PARSING
    page = client.get(response.url).content.decode()
    assert "<progress" in page and reverse("roadmaps:import_status", kwargs={"import_id": batch.pk}) in page
    for callback in callbacks:  # Celery в тестах без Redis выполняет задачу сразу
        callback()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.READY and len(batch.parsed["items"]) == 37
    status = client.get(reverse("roadmaps:import_status", kwargs={"import_id": batch.pk}))
    assert status["HX-Redirect"].endswith(f"/import/{batch.pk}/")


def test_excel_export_of_a_map_imports_back_to_the_same_items(client, coordinator):
    from reports.builders.roadmap import build_roadmap
    from reports.formats import XLSX

    user, region = coordinator
    client.force_login(user)
    upload(client, build_docx(PERM, STANDARD), "perm.docx")
    apply(client, RoadMapImport.objects.get(), region=region, title=PERM.title)
    source = RoadMap.objects.get()
    out = io.BytesIO()
    build_roadmap(roadmap_id=source.pk, fmt=XLSX, out=out, progress=lambda done, total: None)

    from roadmaps.importers.pipeline import parse_file

    draft = parse_file(out.getvalue(), "export.xlsx")
    expected = [
        (i.description, i.period_text, i.indicator, i.responsible_text)
        for i in source.items.order_by("section__position", "position")
    ]
    assert [(i.description, i.period_text, i.indicator, i.responsible_text) for i in draft.items] == expected
    assert len(draft.real_sections) == 4


def test_preview_queries_do_not_grow_with_rows(client, coordinator, django_assert_max_num_queries):
    from roadmaps.management.commands.benchmark_import import build_docx as build_big_docx
    from roadmaps.management.commands.benchmark_import import synthetic_map

    user, _region = coordinator
    client.force_login(user)
    for rows in (10, 300):
        response = upload(client, build_big_docx(synthetic_map(rows)), f"карта-{rows}.docx")
        with django_assert_max_num_queries(14):
            page = client.get(response.url)
        assert page.status_code == 200 and f'id="item-count">{rows}<' in page.content.decode()
