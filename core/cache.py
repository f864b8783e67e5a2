"""A Redis cache that degrades instead of failing (F-SEC-12).

Django's RedisCache raises when Redis is unreachable, and the page cache, the captcha store, the
settings cache and django-axes all read the cache on ordinary requests: a Redis outage would turn
every page into a 500. This backend logs the outage (at most once a minute per process) and
behaves as an empty cache: reads miss, writes are dropped, so pages are rendered from the database.
/healthz still reports the cache as down (it checks a round trip, which fails here).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

_OUTAGE_ERRORS = (ConnectionError, TimeoutError, OSError)
try:  # redis-py's own exception classes do not all derive from the built-in ones
    import redis.exceptions as _redis_errors

    _OUTAGE_ERRORS += (_redis_errors.ConnectionError, _redis_errors.TimeoutError, _redis_errors.BusyLoadingError)
except ImportError:  # pragma: no cover - redis-py is in requirements.txt
    pass

_last_warning = 0.0


def _warn(operation, error):
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.error("cache unavailable (%s: %s): serving without cache", operation, error)


def _tolerant(operation, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), operation)(*args, **kwargs)
        except _OUTAGE_ERRORS as error:
            _warn(operation, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = operation
    return method


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # fail fast: a dead Redis must cost milliseconds per request, not the default minutes
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)

    def strict_get(self, key):
        """A read that raises when Redis is down (for /healthz)."""
        return super().get(key)

    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", {})
    set = _tolerant("set", None)
    add = _tolerant("add", False)
    set_many = _tolerant("set_many", lambda data, *a, **k: list(data))
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    has_key = _tolerant("has_key", False)
    clear = _tolerant("clear", None)
    incr = _tolerant("incr", lambda key, delta=1, version=None: delta)
