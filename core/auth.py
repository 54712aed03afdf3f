"""API authentication: the browser's session (with CSRF) or a device's bearer token."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, django_auth

from .services import user_for_token

PERMISSIONS_CACHE_SECONDS = 60


class BearerToken(HttpBearer):
    openapi_description = "A device token from `python manage.py issue_token USERNAME`."

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            # A door scanner sends hundreds of requests a minute: keep its permissions in the
            # shared cache instead of two queries per request. A role change reaches a device
            # within a minute; revoking the token takes effect at once (checked every request).
            key = f"perms:{user.pk}"
            perms = cache.get(key)
            if perms is None:
                perms = user.get_all_permissions()
                cache.set(key, perms, PERMISSIONS_CACHE_SECONDS)
            user._perm_cache = set(perms)
            request.user = user
        return user


# The token is tried first: a device sends no session cookie and no CSRF token, and ninja
# stops at the first authenticator that raises (the session one fails its CSRF check).
session_or_token = [BearerToken(), django_auth]


def require_perm(request, perm: str, message=None) -> None:
    """Refuse (403 {code: forbidden}) a user who lacks `perm`."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(message or "")


def staff_permission(perm: str):
    """For HTML views: send anonymous visitors to log in, refuse (403) signed-in users who lack `perm`."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator
