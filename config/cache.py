"""Кэш Redis, который не роняет страницы, когда Redis недоступен или завис.

Кэш здесь — только ускорение (сводки панелей, прогресс задач, версии фрагментов): без него всё
считается заново. Поэтому сбой Redis превращается в промах кэша и строку WARNING в журнале, а
короткие тайм-ауты сокета не дают зависшему Redis держать запрос."""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    FAILURES: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover — пакет redis ставится вместе с celery[redis]
    FAILURES = (OSError,)


def _tolerant(default):
    def wrap(method):
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except FAILURES as error:
                logger.warning("Кэш Redis недоступен (%s): %s", method.__name__, error)
                return default() if callable(default) else default

        call.__name__ = method.__name__
        return call

    return wrap


class TolerantRedisCache(RedisCache):
    get_many = _tolerant(dict)(RedisCache.get_many)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant(list)(RedisCache.set_many)
    add = _tolerant(False)(RedisCache.add)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    touch = _tolerant(False)(RedisCache.touch)
    has_key = _tolerant(False)(RedisCache.has_key)
    # Удаление, которое обязано случиться (выход: accounts/security/sessions.py), — сбой поднимается.
    delete_strict = RedisCache.delete

    def get(self, key, default=None, version=None):  # промах кэша отдаёт default
        try:
            return RedisCache.get(self, key, default, version)
        except FAILURES as error:
            logger.warning("Кэш Redis недоступен (get): %s", error)
            return default

    def incr(self, key, delta=1, version=None):
        try:
            return RedisCache.incr(self, key, delta, version)
        except FAILURES as error:  # для вызывающего — как «ключа нет»: он запишет значение заново
            logger.warning("Кэш Redis недоступен (incr): %s", error)
            raise ValueError("кэш недоступен") from error
