"""Кэш повторяющихся частей страниц (сводки панелей и обзоров) в Redis — под ключом версии области.

Каждая запись, которая меняет посчитанное (все они отмечают показатели через monitoring.rollup),
после коммита поднимает версию своего региона и страны; ключ фрагмента включает версии всех регионов,
которые видит человек, поэтому после своей правки он никогда не увидит старую сводку: следующий
запрос уже идёт с новой версией и строит фрагмент заново. Старые ключи просто истекают."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

import access as scoping
from accounts.models import User

COUNTRY = "country"


def _version_key(scope: str) -> str:
    return f"fragver:{scope}"


def bump(*, region_ids: Iterable[int]) -> None:
    """Поднимает версии регионов и страны (сразу; вызывать после коммита — см. bump_after_commit)."""
    bump_scopes([COUNTRY, *(f"region:{pk}" for pk in region_ids)])


def bump_scopes(scopes: Iterable[str]) -> None:
    """Поднимает версии любых областей кэша (карта, справочник имён…) — сразу."""
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # ключа нет (вытеснен) — с новой точки, не совпадающей с прежними
            cache.set(key, _fresh_version(), timeout=None)


def bump_scopes_after_commit(scopes: Iterable[str]) -> None:
    """Версии поднимаются после коммита: до него читатели видят прежние данные под прежней версией."""
    scopes = sorted(set(scopes))
    transaction.on_commit(lambda: bump_scopes(scopes))


def _fresh_version() -> int:
    return time.time_ns() // 1000


def bump_after_commit(*, region_ids: Iterable[int]) -> None:
    region_ids = sorted(set(region_ids))
    transaction.on_commit(lambda: bump(region_ids=region_ids))


def _versions(user: User) -> str:
    scope = scoping.scope_of(user)
    regions = [f"region:{pk}" for pk in sorted(scope.member_region_ids)]
    return versions_of([COUNTRY] if scope.is_federal else regions)


def versions_of(scopes: list[str]) -> str:
    """Текущие версии областей одной строкой — часть ключа. Читать ДО того, как строить значение из базы:
    тогда запись, закоммиченная посреди построения, в худшем случае оставит новое значение под старым
    ключом (его уже никто не прочтёт), но никогда — старое под новым."""
    values = cache.get_many([_version_key(s) for s in scopes])
    for missing in {_version_key(s) for s in scopes} - set(values):
        cache.add(missing, _fresh_version(), timeout=None)
        values[missing] = cache.get(missing)
    return ",".join(str(values.get(_version_key(s), 0)) for s in scopes)


def _audience(user: User) -> str:
    """Кто смотрит: федеральные видят одно и то же; остальным — своё (кураторы видят свои школы) и по
    своим нынешним ролям: выдали или сняли роль в том же регионе (другой муниципалитет, школа) — ключ
    другой, и сводка строится заново. Назначение куратора поднимает версию региона (schools.services)."""
    scope = scoping.scope_of(user)
    if scope.is_federal:
        return "federal"
    roles = tuple(
        sorted(ids)
        for ids in (
            scope.region_ids,
            scope.coordinator_region_ids,
            scope.municipality_ids,
            scope.curator_region_ids,
            scope.school_ids,
        )
    )
    return f"user:{user.pk}:{hashlib.sha1(repr(roles).encode()).hexdigest()[:12]}"


def cached(name: str, *, user: User, params: Iterable[Any], build: Callable[[], Any]) -> Any:
    """Значение фрагмента из кэша или build() — под версией областей, которые видит человек."""
    timeout = settings.FRAGMENT_CACHE_SECONDS
    if not timeout:
        return build()
    digest = hashlib.sha1(repr(tuple(params)).encode()).hexdigest()[:16]
    key = f"frag:{name}:{_audience(user)}:{_versions(user)}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value
