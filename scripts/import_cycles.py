"""Счёт циклов импорта: между модулями и между приложениями (без пакета access).

Запуск: ``.venv/bin/python scripts/import_cycles.py`` — печатает найденные циклы и выходит с кодом 1,
если они есть. Тот же подсчёт проверяет tests/architecture/test_import_cycles.py. Граф строит grimp
(его ставит import-linter); импорты внутри функций тоже считаются — цикл есть цикл, где бы ни стоял импорт.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Пакеты проекта: всё, что лежит в корне и содержит __init__.py, кроме тестов.
PACKAGES = sorted(
    p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file() and p.name not in {"tests", "scripts"}
)
# Пакет видимости по замыслу импортирует модели всех приложений и импортируется их представлениями.
APP_CYCLES_IGNORE = {"access", "config"}


def _strongly_connected(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Компоненты сильной связности (Тарьян, без рекурсии) размером больше одного узла."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _is_package(graph, module: str) -> bool:
    return bool(graph.find_children(module))


def module_cycles(graph) -> list[list[str]]:
    """Циклы между модулями. Пакет импортирует свои подмодули (``__init__`` собирает их) — это не цикл,
    поэтому рёбра «подмодуль → свой же пакет-предок» не считаются."""
    nodes = set(graph.modules)
    edges: dict[str, set[str]] = {}
    for importer in nodes:
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported not in nodes:
                continue
            edges.setdefault(importer, set()).add(imported)
    return _strongly_connected(nodes, edges)


def app_cycles(graph) -> list[list[str]]:
    """Циклы между приложениями верхнего уровня, без access и config."""
    apps = {m.split(".")[0] for m in graph.modules} - APP_CYCLES_IGNORE
    edges: dict[str, set[str]] = {}
    for importer in graph.modules:
        a = importer.split(".")[0]
        if a not in apps:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            b = imported.split(".")[0]
            if b in apps and b != a:
                edges.setdefault(a, set()).add(b)
    return _strongly_connected(apps, edges)


def build_graph():
    import grimp

    return grimp.build_graph(*PACKAGES, cache_dir=None)


def main() -> int:
    graph = build_graph()
    modules = module_cycles(graph)
    apps = app_cycles(graph)
    print(f"циклов между модулями: {len(modules)}")
    for cycle in modules:
        print("  " + " ↔ ".join(cycle))
    print(f"циклов между приложениями (без {', '.join(sorted(APP_CYCLES_IGNORE))}): {len(apps)}")
    for cycle in apps:
        print("  " + " ↔ ".join(cycle))
    return 1 if modules or apps else 0


if __name__ == "__main__":
    raise SystemExit(main())
