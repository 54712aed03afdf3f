"""API authentication: the browser's session (with CSRF) or a device's bearer token."""

from contextlib import suppress

from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, SessionAuth
from redis.exceptions import RedisError

from .services import user_for_token

PERMISSIONS_CACHE_SECONDS = 60


class BearerToken(HttpBearer):
    openapi_description = (
        "A device token from `python manage.py issue_token USERNAME` or the organisers' page "
        "/manage/tokens/; refused (401) once it is revoked or expired."
    )

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            user._perm_cache = set(_permissions(user))
            request.user = user
        return user


def _permissions(user) -> set[str]:
    """The user's permissions. A door scanner sends hundreds of requests a minute: keep them in
    the shared cache instead of two queries per request. A role change reaches a device within a
    minute; revoking the token takes effect at once (checked every request). The cache is a
    speed-up only: while Redis is down they are read from the database (/healthz reports it)."""
    key = f"perms:{user.pk}"
    try:
        perms = cache.get(key)
    except RedisError:
        return user.get_all_permissions()
    if perms is None:
        perms = user.get_all_permissions()
        with suppress(RedisError):
            cache.set(key, perms, PERMISSIONS_CACHE_SECONDS)
    return perms


class BrowserSession(SessionAuth):
    """The browser's session, with its CSRF token checked only once someone is logged in.

    ninja's `django_auth` checks CSRF first, so an anonymous POST got 403 `csrf_failed`; a
    client without a session must hear 401 (log in or send a token) instead.
    """

    openapi_description = "The browser's session cookie; a POST also needs the CSRF token (`X-CSRFToken`)."

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# The token is tried first: a device sends no session cookie and no CSRF token, and ninja
# stops at the first authenticator that raises (the session one fails its CSRF check).
session_or_token = [BearerToken(), BrowserSession()]


def require_perm(request, perm: str, message=None) -> None:
    """Refuse (403 {code: forbidden}) a user who lacks `perm`."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(message or "")


def staff_permission(perm: str):
    """For HTML views: send anonymous visitors to log in, refuse (403) signed-in users who lack `perm`."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator
