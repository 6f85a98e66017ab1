"""Видимость, «разрешённая» в списки id один раз за запрос. Часть пакета access.

``visible(user, Model)`` отдаёт queryset с вложенными подзапросами области (школы человека, права
django-guardian, карты муниципалитетов…). Для обычной страницы это дёшево, но поиск объединяет семь таблиц
(UNION ALL), а сверка — пять запросов к картам одного региона: те же подзапросы повторялись в каждом,
и PostgreSQL тратил на планирование больше, чем на выполнение. Здесь область считается один раз — одним
запросом на модель — и дальше подставляется списком id (``roadmap_id IN (…)``), который планируется мгновенно.

Множество строк то же, что у ``visible``: мероприятия и разделы видны ровно тогда, когда видна их карта,
посещения и документы — когда видна школа (так записаны правила в ``roadmaps.py`` и ``schoolwork.py``;
тест ``tests/access/test_scoping_resolved.py`` сверяет оба пути для каждой роли)."""

from __future__ import annotations

from django.db import connection
from django.db.models import IntegerField, Model, QuerySet, Value

from access.core import is_visible, visible
from accounts.models import User
from schools.models import School

# Видимость этих моделей строится из видимых школ (core.schools_visible берёт уже посчитанный список).
_BUILT_ON_SCHOOLS = ("roadmaps.RoadMap", "schools.Municipality")
# Больше стольких id — список в SQL уже не дешевле подзапроса: отдаём visible() как есть.
MAX_RESOLVED_IDS = 20_000
_CACHE_ATTR = "_visible_ids_cache"


def _inherited() -> dict[type[Model], tuple[str, type[Model]]]:
    """Модель → (поле, модель, чья видимость наследуется). Должно совпадать с правилами visible()."""
    from alignment.models import AlignmentSuggestion, ItemLink, SuggestionRejection
    from roadmaps.models import Item, RoadMap, Section
    from schools.models import School
    from schoolwork.models import SchoolDocument, Visit

    return {
        Item: ("roadmap_id", RoadMap),
        Section: ("roadmap_id", RoadMap),
        Visit: ("school_id", School),
        SchoolDocument: ("school_id", School),
        AlignmentSuggestion: ("municipal_map_id", RoadMap),
        SuggestionRejection: ("municipal_map_id", RoadMap),
        ItemLink: ("municipal_item__roadmap_id", RoadMap),
    }


def visible_ids(user: User, model: type[Model]) -> frozenset[int] | None:
    """id видимых объектов модели (один запрос на модель за запрос человека); None — видно всё
    (у области нет ни одного условия, как у министерства) или видимых слишком много для списка."""
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if model in cache:
        return cache[model]
    if model._meta.label in _BUILT_ON_SCHOOLS:
        visible_ids(user, School)  # школы — первыми: видимость карт и муниципалитетов берёт их списком
    qs = visible(user, model)
    ids = None
    if qs.query.where:
        found = list(qs.order_by().values_list("pk", flat=True)[: MAX_RESOLVED_IDS + 1])
        if len(found) > MAX_RESOLVED_IDS:
            cache[(model, "too_many")] = True
        else:
            ids = frozenset(found)
    cache[model] = ids
    return ids


def resolve_visible_ids(user: User, *models: type[Model]) -> None:
    """Списки id нескольких областей сразу — одним запросом (UNION ALL) вместо запроса на каждую: сверке,
    например, нужны и муниципалитеты, и карты. Дальше ``visible_ids``/``visible_resolved`` берут готовое.

    Школы, на которых построены карты и муниципалитеты, — по-прежнему первыми и отдельно: ветки с
    подзапросом видимости школ (права guardian) внутри одного UNION планируются и собираются заметно
    дольше (замер: 13–15 мс против 8–11 мс на три запроса), а со списком id школ ветки дешёвые."""
    if any(model._meta.label in _BUILT_ON_SCHOOLS for model in models):
        visible_ids(user, School)
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    todo = [model for model in dict.fromkeys(models) if model not in cache]
    if not connection.features.supports_slicing_ordering_in_compound:  # SQLite: LIMIT в ветках нельзя
        for model in todo:
            visible_ids(user, model)
        return
    branches = []
    for index, model in enumerate(todo):
        qs = visible(user, model)
        if not qs.query.where:  # видно всё (министерство) — списка нет, запроса тоже
            cache[model] = None
            continue
        area = Value(index, output_field=IntegerField())
        branches.append(qs.order_by().annotate(area=area).values_list("area", "pk")[: MAX_RESOLVED_IDS + 1])
    if not branches:
        return
    query = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    found: dict[int, list[int]] = {}
    for index, pk in query:
        found.setdefault(index, []).append(pk)
    for index, model in enumerate(todo):
        if model in cache:
            continue
        ids = found.get(index, [])
        if len(ids) > MAX_RESOLVED_IDS:
            cache[(model, "too_many")] = True
            cache[model] = None
        else:
            cache[model] = frozenset(ids)


def is_visible_resolved(user: User, model: type[Model], pk) -> bool:
    """Виден ли объект — по списку id области, если он уже посчитан (без запроса); иначе как is_visible."""
    ids = visible_ids(user, model)
    if ids is not None:
        return pk in ids
    if _too_many(user, model):
        return is_visible(user, model, pk)
    return True  # у области нет условий: видно всё


def _too_many(user: User, model: type[Model]) -> bool:
    return bool(user.__dict__.get(_CACHE_ATTR, {}).get((model, "too_many")))


def visible_resolved(user: User, model: type[Model]) -> QuerySet:
    """Те же строки, что ``visible(user, model)``, но условие области — список id, посчитанный один раз
    за запрос. Для больших запросов по многим таблицам (поиск, сверка)."""
    field, parent = _inherited().get(model, ("pk", model))
    ids = visible_ids(user, parent)
    if ids is None:
        if _too_many(user, parent):
            return visible(user, model)
        return model._default_manager.all()  # родитель виден весь — видно всё, у чего он есть
    return model._default_manager.filter(**{f"{field}__in": sorted(ids)})


def forget_resolved(user: User) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)
