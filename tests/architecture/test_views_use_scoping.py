"""Представления не читают и не пишут данные области сами: ``Model.objects.get/filter/...`` — только
в selectors/services или через пакет access. Проверка по дереву разбора (AST) каждого модуля представлений.

Разрешено одно: набор строк, который передаётся в access как ``queryset=`` (например,
``School.objects.select_related(...)`` в ``get_visible_or_404``) — видимость к нему применяет access."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "tests", "node_modules", ".git", "migrations"}

# Методы менеджера, которые читают или пишут строки (построение запроса без чтения — select_related,
# prefetch_related, only, none — не в списке: само по себе оно ничего не достаёт).
READ_OR_WRITE = {
    "aggregate", "all", "annotate", "bulk_create", "bulk_update", "count", "create", "delete", "distinct",
    "earliest", "exclude", "exists", "filter", "first", "get", "get_or_create", "in_bulk", "iterator",
    "last", "latest", "order_by", "raw", "update", "update_or_create", "values", "values_list",
}  # fmt: skip


def view_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP_DIRS:
            continue
        if path.name == "views.py" or path.name.startswith("views_") or path.parent.name == "views":
            found.append(path)
    return sorted(found)


def _manager_chain(node: ast.AST) -> list[str] | None:
    """Для выражения вида ``Model.objects.m1(...).m2(...)`` — имена методов [m1, m2]; иначе None."""
    methods: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr == "objects" and isinstance(node.value, ast.Name):
                return methods
            methods.insert(0, node.attr)
            node = node.value
        else:
            return None


def direct_queries(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    allowed: set[int] = set()  # id узлов-значений queryset=... (и всего внутри них)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "queryset":
                    allowed.update(id(inner) for inner in ast.walk(keyword.value))
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in allowed:
            continue
        methods = _manager_chain(node)
        if methods and methods[-1] in READ_OR_WRITE:
            allowed.update(id(inner) for inner in ast.walk(node))  # цепочку — одной строкой, не по звеньям
            problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:100]}")
    return problems


def test_view_modules_are_found():
    names = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert {"schoolwork/views/documents.py", "roadmaps/views.py", "monitoring/views.py"} <= names


def test_scan_catches_a_direct_query(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def v(request):\n"
        "    School.objects.filter(pk=1)\n"
        "    get_visible_or_404(request.user, School, 1, queryset=School.objects.select_related('x'))\n"
        "    return Municipality.objects.none()\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert direct_queries(sample) == ["views.py:2: School.objects.filter(pk=1)"]
    finally:
        ROOT = saved


def test_views_never_query_models_directly():
    problems = [problem for path in view_modules() for problem in direct_queries(path)]
    assert problems == [], "Представления обращаются к Model.objects сами (нужен selector или access):\n" + (
        "\n".join(problems)
    )
