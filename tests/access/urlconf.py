"""Список URL приложения, собранный из URLconf: новые адреса попадают в проверки доступа сами."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Пространства имён наших приложений. Адреса админки и входа проверяются отдельно.
APP_NAMESPACES = {
    "schools",
    "accounts",
    "people",
    "roadmaps",
    "monitoring",
    "reports",
    "schoolwork",
    "notifications",
    "search",
    "alignment",
}


@dataclass(frozen=True)
class AppUrl:
    name: str  # "schools:school_detail"
    kwargs: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def _walk(patterns, namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry


def app_urls() -> list[AppUrl]:
    urls = []
    for namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace not in APP_NAMESPACES:
            continue
        kwargs = tuple(sorted(pattern.pattern.converters))
        urls.append(AppUrl(f"{namespace}:{pattern.name}", kwargs))
    return sorted(urls, key=lambda u: u.name)


def object_urls() -> list[AppUrl]:
    """Адреса конкретного объекта (деталь, правка, действия) — у них есть id в пути."""
    return [u for u in app_urls() if u.kwargs]
