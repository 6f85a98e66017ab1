"""Старые .doc/.xls: файл уходит в LibreOffice (`soffice --headless --convert-to`) с ограничением
времени. Здесь вместо LibreOffice — настоящий исполняемый файл-заглушка в PATH: он кладёт готовый
.docx туда, куда положил бы LibreOffice, или «зависает» дольше отведённого времени."""

import stat

import pytest

from roadmaps.importers import ImportFormatError, read_seed
from roadmaps.importers.pipeline import parse_file
from roadmaps.importers.readers import legacy
from tests.roadmaps.importing.builders import LAYOUTS, build_docx
from tests.roadmaps.importing.test_layouts import SEEDS

OLD_DOC = legacy.OLE_SIGNATURE + b"\x00" * 1024


def fake_soffice(tmp_path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_doc_is_converted_by_libreoffice_and_read(tmp_path, monkeypatch):
    converted = tmp_path / "ready.docx"
    converted.write_bytes(build_docx(read_seed(SEEDS / "perm-regional-2021.txt"), LAYOUTS[0]))
    # Последние два аргумента: --outdir ПАПКА и файл; LibreOffice кладёт ПАПКА/source.docx.
    body = f'for a; do last="$a"; done\ncp {converted} "$(dirname "$last")/source.docx"\n'
    script = fake_soffice(tmp_path, body)
    monkeypatch.setattr(legacy, "soffice", lambda: script)
    draft = parse_file(OLD_DOC, "карта.doc")
    assert len(draft.items) == 37 and draft.format_label == "Word (.docx)"


def test_conversion_that_hangs_is_stopped_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: fake_soffice(tmp_path, "sleep 30\n"))
    monkeypatch.setattr(legacy, "CONVERSION_SECONDS", 1)
    with pytest.raises(ImportFormatError, match=r"не удалось преобразовать за 1 с"):
        parse_file(OLD_DOC, "карта.xls")
