"""The JSON API: one NinjaAPI, each app's router mounted on it. Docs at /api/docs."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from core.errors import DomainError

api = NinjaAPI(
    title="BasQaru Events API",
    version="1.0",
    description=(
        "Events, registration and check-in for BasQaru Events. Authenticate with the browser "
        "session (and its CSRF token) or with `Authorization: Bearer <token>`, a device token "
        "printed by `python manage.py issue_token USERNAME`. Errors are `{code, message}`; "
        "a broken business rule answers 409."
    ),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"code": exc.code, "message": str(exc.message), **exc.extra}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=409)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request, {"code": "unauthorized", "message": _("Log in or send a valid device token.")}, status=401
    )


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"code": "forbidden", "message": message}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "message": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(
        request,
        {"code": "invalid", "message": _("Some fields are not valid."), "errors": exc.errors},
        status=422,
    )


api.add_router("", "core.api.router")
api.add_router("/events", "events.api.router")
api.add_router("", "registration.api.router")
