"""A fixed-window rate limit kept in the shared cache (Redis in production).

Redis is a helper, not a dependency: while the shared cache cannot be reached, each process
counts in its own memory (a client may then get up to `limit` per process instead of `limit`
in all), and says so in the log at most once a minute.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Counters of this process, used only while the shared cache is down.
_local = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
FALLBACK_LOG_SECONDS = 60
_fallback_logged_at: float | None = None


def client_ip(request) -> str:
    # Behind our TLS proxy the client is the LAST X-Forwarded-For entry, the one the proxy
    # appended; earlier entries come from the client and can be forged.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for (scope, key) and say whether it is within `limit` per window.
    A limit of 0 turns the check off. Never raises for a cache that is down (see above)."""
    if limit <= 0:
        return True
    window = int(timezone.now().timestamp()) // window_seconds
    cache_key = f"rl:{scope}:{key}:{window}"
    try:
        count = _hit(cache, cache_key, timeout=window_seconds + 5)
    except RedisError as exc:
        _log_fallback(exc)
        count = _hit(_local, cache_key, timeout=window_seconds + 5)
    return count <= limit


def _hit(backend, cache_key: str, *, timeout: int) -> int:
    backend.add(cache_key, 0, timeout=timeout)
    try:
        return backend.incr(cache_key)
    except ValueError:
        backend.set(cache_key, 1, timeout=timeout)
        return 1


def _log_fallback(exc: Exception) -> None:
    global _fallback_logged_at
    now = time.monotonic()
    if _fallback_logged_at is not None and now - _fallback_logged_at < FALLBACK_LOG_SECONDS:
        return
    _fallback_logged_at = now
    logger.warning(
        "The shared cache is unreachable (%s: %s): rate limits are counted in each process until it is back.",
        exc.__class__.__name__,
        exc,
    )
