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


def test_no_import_cycles_between_apps(graph):
    """Между приложениями (без access и config) кругов нет, в том числе между справочником и
    пользователями: пользователи и роли (accounts) ниже справочника (schools), а страницы людей региона,
    приглашение в регион и выдача ролей с областью — в people над обоими."""
    assert import_cycles.app_cycles(graph) == []


def test_users_do_not_import_the_directory(graph):
    """accounts не импортирует schools и people ни одним модулем (роли ссылаются на справочник
    внешними ключами строкой) — иначе справочник и пользователи снова сольются в один слой."""
    imported = {
        (importer, target)
        for importer in graph.find_descendants("accounts") | {"accounts"}
        for target in graph.find_modules_directly_imported_by(importer)
        if target.split(".")[0] in {"schools", "people"}
    }
    assert imported == set()


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
