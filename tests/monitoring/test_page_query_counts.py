"""Каждая ключевая страница каждой роли (тот же список, что меряет benchmark_pages): число запросов
не растёт с числом строк (10 и 200 школ с картами, посещениями, профилями и документами) и не больше
бюджета. Время здесь не меряется — оно в benchmark_pages."""

from io import StringIO

import pytest
from django.core.management import call_command

from monitoring import pagebench
from monitoring.management.commands.benchmark_pages import BUDGET_QUERIES
from monitoring.rollup import rollup_recompute_all
from tests.conftest import production_query_budget

pytestmark = pytest.mark.django_db


def _queries_by_page(schools: int) -> dict[tuple[str, str], int]:
    municipalities = max(1, schools // 4)
    call_command(
        "generate_demo",
        "--regions",
        "1",
        "--municipalities-total",
        str(municipalities),
        "--schools-total",
        str(schools),
        "--seed",
        "5",
        "--clear",
        stdout=StringIO(),
    )
    rollup_recompute_all()
    counts = {}
    targets = pagebench.build_targets()
    with pagebench.import_previews(targets):  # предпросмотр загрузки карты — как в benchmark_pages
        for target in targets:
            for page, n in pagebench.count_queries(target).items():
                counts[(target.role, page)] = n
    return counts


def test_every_key_page_has_constant_query_count_within_budget(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    small = _queries_by_page(10)
    large = _queries_by_page(200)
    common = set(small) & set(large)  # у 10 школ может не оказаться, например, документа у выбранной школы
    assert len(common) >= 40  # все роли и страницы на месте (доступные роли видят свои страницы)
    assert ("региональный координатор", "предпросмотр загрузки карты") in common
    # Допуск в один запрос: выбранная школа при 10 и 200 школах — разная, и prefetch_related не ходит
    # в базу, когда у объекта пусто (нет документов). Рост со строками дал бы десятки запросов.
    grew = {page: (small[page], large[page]) for page in common if large[page] > small[page] + 1}
    over = {page: n for page, n in large.items() if n > production_query_budget(BUDGET_QUERIES)}
    assert not grew and not over, f"растёт со строками: {grew}; больше {BUDGET_QUERIES} запросов: {over}"
