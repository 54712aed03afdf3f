"""The JSON API: one NinjaAPI, each app's router mounted on it. Docs at /api/docs."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

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


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 403 and "csrf" in str(exc).lower():
        body = {
            "code": "csrf_failed",
            "message": _("This page's security token has expired. Reload the page and try again."),
        }
    else:
        body = {"code": "error", "message": str(exc)}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"code": "forbidden", "message": message}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "message": _("Not found.")}, status=404)


def _field_error(error: dict) -> dict:
    """One pydantic error as {field, message, type}, the message in the request's language."""
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": lambda: _("This field is required."),
        "string_too_long": lambda: _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
        "string_too_short": lambda: _("At least %(n)s characters.") % {"n": ctx.get("min_length")},
        "greater_than_equal": lambda: _("Must be at least %(n)s.") % {"n": ctx.get("ge")},
        "less_than_equal": lambda: _("Must be at most %(n)s.") % {"n": ctx.get("le")},
        "int_parsing": lambda: _("Enter a whole number."),
        "bool_parsing": lambda: _("Enter true or false."),
        "enum": lambda: _("Choose one of: %(values)s.") % {"values": ctx.get("expected", "")},
        "json_invalid": lambda: _("The request body is not valid JSON."),
    }
    if kind == "value_error":
        message = str(ctx.get("error") or error.get("msg", ""))
    elif kind in messages:
        message = messages[kind]()
    else:
        message = _("This value is not valid.")
    return {"field": ".".join(loc), "message": message, "type": kind}


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [_field_error(error) for error in exc.errors]
    body = {"code": "invalid", "message": _("Some fields are not valid."), "errors": errors}
    return api.create_response(request, body, status=422)


api.add_router("", "core.api.router")
api.add_router("/events", "events.api.router")
api.add_router("", "registration.api.router")
api.add_router("", "documents.api.router")
api.add_router("/inventory", "inventory.api.router")
api.add_router("/monitoring", "monitoring.api.router")
