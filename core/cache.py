"""A Redis cache that a Redis outage cannot take the site down with.

Django's RedisCache raises when Redis cannot be reached, and every cached page or count would then
answer 500. Here a connection error is a miss: reads answer their default, writes are dropped, and
the pages are worked out afresh until Redis is back (tests/faults/test_redis_down.py). Logged at most
once a LOG_EVERY_SECONDS per process, so an outage does not flood the logs.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 30
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _when_unreachable(answer):
    """Run the method; if Redis cannot be reached, log it and return answer(*args, **kwargs)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _UNREACHABLE as error:
                self._log_unreachable(method.__name__, error)
                return answer(*args, **kwargs)

        return wrapper

    return decorate


class TolerantRedisCache(RedisCache):
    """RedisCache whose operations degrade to a miss (or a no-op) while Redis is unreachable."""

    _logged_at = float("-inf")

    def _log_unreachable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._logged_at >= LOG_EVERY_SECONDS:
            TolerantRedisCache._logged_at = now
            logger.warning("cache unreachable, serving without it (%s): %s", operation, error)

    @_when_unreachable(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_when_unreachable(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_when_unreachable(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_when_unreachable(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_when_unreachable(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_when_unreachable(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_when_unreachable(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    # A count that cannot be read starts again from nothing (a sign-in throttle lets the try through).
    @_when_unreachable(lambda key, delta=1, version=None: delta)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_when_unreachable(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_when_unreachable(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_when_unreachable(lambda *args, **kwargs: None)
    def clear(self):
        return super().clear()
