"""Демо-данные целиком (``python manage.py load_demo``): справочник и люди, затем карты, работа со школами
и мониторинг — каждое своим построителем, в одной транзакции. Повторный запуск ничего не дублирует."""

from __future__ import annotations

from django.db import transaction

from demo.directory import load_directory_demo
from demo.monitoring import load_monitoring_demo
from demo.roadmaps import load_demo_roadmaps
from demo.schoolwork import load_schoolwork_demo


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    """Создаёт недостающие демо-данные и возвращает изменённые к демо-значениям. Повторный запуск — пустой."""
    load_directory_demo(stdout=stdout)
    load_demo_roadmaps(stdout=stdout)  # три настоящие карты из seeds
    load_schoolwork_demo(stdout=stdout)  # посещения и документы Мышкинского МР
    load_monitoring_demo(stdout=stdout)  # карты текущего года, этапы и снимки мониторинга
