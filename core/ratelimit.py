"""A fixed-window rate limit kept in the shared cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


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
    A limit of 0 turns the check off."""
    if limit <= 0:
        return True
    window = int(timezone.now().timestamp()) // window_seconds
    cache_key = f"rl:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit
