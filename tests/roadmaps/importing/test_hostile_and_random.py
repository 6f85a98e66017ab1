"""Враждебные и случайные файлы: зип-бомба, глубоко вложенный XML, DTD, макросы, PDF, мусор — отказ
с понятным сообщением и ничего не сохранено; любая сетка строк не роняет конвейер."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from roadmaps.importers import ImportFormatError, read_seed
from roadmaps.importers.grid import Grid, Row, Table
from roadmaps.importers.pipeline import parse_file, parse_grid
from tests.roadmaps.importing.builders import LAYOUTS, build_docx

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    good = build_docx(read_seed(SEEDS / "perm-regional-2021.txt"), LAYOUTS[0])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["word/document.xml"] = document_xml
    entries.update(extra or {})
    return _zip(entries)


HOSTILE = {
    "зип-бомба": (lambda: docx_with(b"<w:document>" + b" " * 60_000_000 + b"</w:document>"), "слишком"),
    "вложенный XML": (lambda: docx_with(b"<a>" * 5000 + b"</a>" * 5000), "вложен слишком глубоко"),
    "DTD": (
        lambda: docx_with(b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w:document/>'),
        "DTD",
    ),
    "макросы внутри": (lambda: docx_with(b"<w:document/>", {"word/vbaProject.bin": b"\x00" * 100}), "макрос"),
    "PDF": (lambda: b"%PDF-1.7\n" + b"0" * 100, "PDF"),
    "пустой": (lambda: b"   ", "пуст"),
    "битый zip": (lambda: b"PK\x03\x04" + b"\x00" * 200, "повреждён"),
    "zip, но не документ": (lambda: _zip({"a.txt": b"hello"}), "не документ"),
    "мусор без таблицы": (lambda: bytes(range(256)) * 10, "таблиц"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_is_refused_with_a_clear_message(kind):
    build, words = HOSTILE[kind]
    with pytest.raises(ImportFormatError, match=words):
        draft = parse_file(build(), f"файл.{'pdf' if kind == 'PDF' else 'docx'}")
        if not draft.items:  # без единого мероприятия — это тоже «таблица не найдена» для человека
            raise ImportFormatError("таблица не найдена")


def test_macro_enabled_extensions_are_refused_by_name():
    data = build_docx(read_seed(SEEDS / "perm-regional-2021.txt"), LAYOUTS[0])
    for name in ("карта.docm", "карта.xlsm"):
        with pytest.raises(ImportFormatError, match="макрос"):
            parse_file(data, name)


def test_legacy_doc_without_libreoffice_asks_to_save_as_docx(monkeypatch):
    from roadmaps.importers.readers import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(ImportFormatError, match=r"сохраните его как \.docx"):
        parse_file(legacy.OLE_SIGNATURE + b"\x00" * 600, "карта.doc")
    with pytest.raises(ImportFormatError, match=r"сохраните его как \.xlsx"):
        parse_file(legacy.OLE_SIGNATURE + b"\x00" * 600, "карта.xls")


@pytest.mark.django_db
def test_hostile_upload_saves_nothing(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from accounts.models import Role
    from roadmaps.models import RoadMap, RoadMapImport
    from tests.factories import RegionFactory, make_member

    user = make_member(Role.REGIONAL_COORDINATOR, region=RegionFactory())
    client.force_login(user)
    for name, data in (("m.docm", b"PK\x03\x04"), ("x.pdf", b"%PDF-1.4"), ("bomb.docx", HOSTILE["DTD"][0]())):
        response = client.post(reverse("roadmaps:import_upload"), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200 and "не" in response.content.decode()
    assert RoadMapImport.objects.count() == 0 and RoadMap.objects.count() == 0


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            cells | st.sampled_from(["1.1", "№ п/п", "Сроки", "до 15.03.2021", "Мероприятия", "1. Раздел"]),
            min_size=1,
            max_size=7,
        ),
        max_size=30,
    ),
    st.lists(st.booleans(), max_size=30),
)
def test_any_grid_of_strings_never_crashes_the_pipeline(rows, merged):
    width = max((len(r) for r in rows), default=0)
    grid = Grid(
        tables=[
            Table(
                rows=[
                    Row(
                        cells=r + [""] * (width - len(r)),
                        source_row=i + 1,
                        merged_across=merged[i] if i < len(merged) else False,
                    )
                    for i, r in enumerate(rows)
                ]
            )
        ]
    )
    try:
        draft = parse_grid(grid)
    except ImportFormatError:
        return
    assert all(item.description for item in draft.items)
    assert all(len(item.source_number) <= 20 for item in draft.items)


@given(st.binary(max_size=3000))
@hypothesis_settings(max_examples=100, deadline=None)
def test_any_bytes_give_a_draft_or_a_russian_message(data):
    try:
        parse_file(data, "файл.txt")
    except ImportFormatError as exc:
        assert str(exc)


# --- Команды --------------------------------------------------------------------------------------


def _manage(*args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        },  # команда разбора базу не трогает вовсе
    )


def test_parse_roadmap_prints_json_without_touching_the_database(tmp_path):
    path = tmp_path / "карта.docx"
    path.write_bytes(build_docx(read_seed(SEEDS / "myshkin-municipal-2022.txt"), LAYOUTS[11]))
    result = _manage("parse_roadmap", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"title", "preamble", "level", "level_reason", "year", "columns", "items", "warnings"}
    assert (data["level"], data["year"], len(data["items"])) == ("municipal", 2022, 36)
    assert "ПРИКАЗ" in data["preamble"] and "ПРИКАЗ" not in data["title"]
    first = data["items"][0]
    assert set(first) >= {
        "section",
        "number",
        "description",
        "period_text",
        "period_start",
        "period_end",
        "period_kind",
        "responsible_text",
        "indicator",
        "links",
    }
    assert (first["number"], first["period_start"], first["period_end"]) == (
        "1.1",
        "2021-12-01",
        "2021-12-31",
    )
    assert data["columns"]["Описание действий"] == "description"


def test_parse_roadmap_exits_2_with_one_russian_line_when_there_is_no_table(tmp_path):
    path = tmp_path / "письмо.txt"
    path.write_text("Просто письмо без таблицы.\nВторая строка.", encoding="utf-8")
    result = _manage("parse_roadmap", str(path), "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "таблиц" in result.stderr
