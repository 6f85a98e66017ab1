"""Приложения стоят слоями: 0 циклов импорта между модулями и между приложениями (пакет access, который
по замыслу импортирует модели всех приложений, — в стороне), и контракты import-linter из pyproject.toml
выполняются (то же, что ``lint-imports`` в .ci/run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts import import_cycles  # noqa: E402

pytest.importorskip("grimp")


@pytest.fixture(scope="module")
def graph():
    return import_cycles.build_graph()


def test_no_import_cycles_between_modules(graph):
    assert import_cycles.module_cycles(graph) == []


def test_only_directory_and_users_import_each_other(graph):
    """Между приложениями (без access и config) один круг — справочник и пользователи: роли привязаны
    к региону, муниципалитету, школе, а кураторы школ — пользователи. Это один нижний слой
    («schools : accounts» в контракте слоёв); любой другой круг между приложениями — ошибка."""
    assert import_cycles.app_cycles(graph) == [["accounts", "schools"]]


def test_cycle_counter_sees_a_cycle():
    """Счётчик не пустышка: на графе с кругом a → b → a он его находит."""
    import grimp

    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert import_cycles.module_cycles(graph) == [["pkg.a", "pkg.b"]]


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter не установлен (extras dev)")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
