"""API authentication: the browser's session (with CSRF) or a device's bearer token."""

from ninja.security import HttpBearer, django_auth

from .services import user_for_token


class BearerToken(HttpBearer):
    openapi_description = "A device token from `python manage.py issue_token USERNAME`."

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


session_or_token = [django_auth, BearerToken()]


def require_perm(request, perm: str, message=None) -> None:
    """Refuse (403 {code: forbidden}) a user who lacks `perm`."""
    from django.core.exceptions import PermissionDenied

    if not request.user.has_perm(perm):
        raise PermissionDenied(message or "")
