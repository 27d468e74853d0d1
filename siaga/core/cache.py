"""Django's Redis cache, failing open: with Redis down the site keeps working, only uncached.

Django's `RedisCache` raises when Redis cannot be reached, and the `cached_db` session engine does not catch every
such error (a session read from the database is written back to the cache unguarded): with Redis down every signed-in
page would answer 500. Here a connection error makes a read a miss and a write a no-op, logged once, and Redis is
left alone for `RETRY_AFTER` seconds (so that an unreachable host costs its connect timeout seldom). Sessions then
come from the database (`cached_db`), the job queue has its own rules (core.taskqueue).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
RETRY_AFTER = 5.0
_FAULTS = (RedisConnectionError, RedisTimeoutError, OSError)


class _Breaker:
    down_until = 0.0

    @classmethod
    def call(cls, func, fallback, *args, **kwargs):
        if time.monotonic() < cls.down_until:
            return fallback
        try:
            return func(*args, **kwargs)
        except _FAULTS as exc:
            if cls.down_until == 0.0:
                log.warning("cache Redis tidak dapat dihubungi (%s): halaman dilayani tanpa cache", exc)
            cls.down_until = time.monotonic() + RETRY_AFTER
            return fallback


class FailOpenRedisCacheClient(RedisCacheClient):
    def get(self, key, default):
        return _Breaker.call(super().get, default, key, default)

    def get_many(self, keys):
        return _Breaker.call(super().get_many, {}, keys)

    def has_key(self, key):
        return _Breaker.call(super().has_key, False, key)

    def add(self, key, value, timeout):
        return _Breaker.call(super().add, False, key, value, timeout)

    def set(self, key, value, timeout):
        return _Breaker.call(super().set, None, key, value, timeout)

    def set_many(self, data, timeout):
        return _Breaker.call(super().set_many, list(data), data, timeout)

    def touch(self, key, timeout):
        return _Breaker.call(super().touch, False, key, timeout)

    def delete(self, key):
        return _Breaker.call(super().delete, False, key)

    def delete_many(self, keys):
        return _Breaker.call(super().delete_many, None, keys)

    def clear(self):
        return _Breaker.call(super().clear, False)


class FailOpenRedisCache(RedisCache):
    """CACHES["default"]["BACKEND"] when SIAGA_REDIS_URL is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient


def breaker_reset() -> None:
    """Try Redis again at once (tests)."""
    _Breaker.down_until = 0.0
