"""Сессии в общем кэше (Redis) с копией в PostgreSQL: SESSION_ENGINE, когда есть REDIS_URL.

Сессия читается на каждом запросе; из Redis это одно GET вместо запроса к базе (задача 10, сессия 4:
панель региона упиралась в процессор, запрос ORM к django_session стоил больше, чем GET). База
остаётся источником правды: промах или сбой Redis — чтение из базы, как раньше.

Тайм-ауты простоя и от входа (SessionTimeoutMiddleware) смотрят на отметки внутри сессии — от места
хранения они не зависят. Остаётся выход: обычный cached_db удаляет строку из базы, а сбой Redis при
удалении ключа наш TolerantRedisCache проглотил бы — и закрытая сессия продолжала бы открываться из
кэша. Поэтому здесь ключ в кэше удаляется строго: не удалось — откатывается и удаление из базы, выход
заканчивается ошибкой, и сессия честно остаётся открытой, а не «закрытой наполовину»."""

from __future__ import annotations

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.db import router, transaction


class SessionStore(CachedDBStore):
    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        key = self.cache_key_prefix + session_key
        # Без проглатывания ошибок: у TolerantRedisCache это delete_strict, у остальных кэшей — delete.
        delete_strict = getattr(self._cache, "delete_strict", self._cache.delete)
        with transaction.atomic(using=router.db_for_write(self.model)):
            self.model.objects.filter(session_key=session_key).delete()
            delete_strict(key)
        # Запрос той же сессии мог между удалением ключа и COMMIT не найти её в кэше и положить туда
        # снова из базы (строка до COMMIT ещё видна) — после COMMIT убираем ключ ещё раз.
        self._cache.delete(key)
