"""Крючки: нижний слой говорит, что случилось, верхний решает, что с этим делать.

Справочник, карты и работа со школами меняют то, что считает мониторинг, и то, о чём пишут уведомления,
но стоят ниже обоих и не импортируют их. Вместо этого они вызывают крючок отсюда (``hooks.figures``,
``hooks.events``), а верхнее приложение в своём AppConfig.ready заполняет его своей функцией
(monitoring — пересчётом показателей, notifications — уведомлениями). Вызов синхронный, в той же
транзакции, с тем же результатом, что и прямой вызов; незаполненный крючок — ошибка, а не тишина.

Пакет не импортирует ни одно приложение проекта: его может импортировать любое.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Hook:
    """Одна функция, которую заполняет верхнее приложение. Вызывается как сама функция."""

    def __init__(self, name: str, filled_by: str) -> None:
        self.name = name
        self.filled_by = filled_by  # какое приложение заполняет (для сообщения об ошибке)
        self._implementation: Callable[..., Any] | None = None

    def fill(self, implementation: Callable[..., Any]) -> None:
        self._implementation = implementation

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._implementation is None:
            raise ImproperlyConfigured(
                f"Крючок {self.name} не заполнен: его заполняет {self.filled_by} в AppConfig.ready "
                "(приложение должно быть в INSTALLED_APPS)."
            )
        return self._implementation(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name} ← {self.filled_by}>"
