"""The JSON API: one NinjaAPI, each app's router mounted on it. Docs at /api/docs.

Every error is `{code, message}`, the message in the request's language: 400 for a body that
is not JSON, 401 without a valid session or token, 403 without the permission (or a logged-in
session's missing CSRF token), 404, 409 for a broken business rule (a DomainError), 422 with
field errors, 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE and 500 for a bug. The last two
are also answered by Django's error handlers (`bad_request`, `server_error`, set in
config/urls.py) when they happen outside ninja (in a middleware) or escape it (an unexpected
exception with DEBUG off), so an API client never gets an HTML page.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.errors import DomainError

api = NinjaAPI(
    title="BasQaru Events API",
    version="1.0",
    description=(
        "Events, registration and check-in for BasQaru Events. Authenticate with the browser "
        "session (and its CSRF token) or with `Authorization: Bearer <token>`, a device token "
        "printed by `python manage.py issue_token USERNAME`. Errors are `{code, message}` in the "
        "request's language (`Accept-Language`: kk, ru, en): 400 a body that is not JSON, 401 no valid "
        "session or token, 403 no permission (or no CSRF token with a session), 404, 409 a broken "
        "business rule, 422 field errors (`errors: [{field, message, type}]`), 413 a body that is "
        "too large (`too_large`), 500 `server_error`."
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
    elif exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        body = {"code": "invalid_json", "message": _("The request body is not valid JSON.")}
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


def _too_large() -> dict:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return {
        "code": "too_large",
        "message": _("The request is too large: at most %(megabytes)s MB.") % {"megabytes": megabytes},
    }


def _unreadable() -> dict:
    return {"code": "bad_request", "message": _("The request could not be read.")}


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc: SuspiciousOperation):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (413) or too many form fields or files (400),
    met while ninja reads the request; logged as Django logs them."""
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, _too_large(), status=413)
    return api.create_response(request, _unreadable(), status=400)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    """Django's handler400: JSON under /api/ (413 for a body that is too large), the usual page elsewhere."""
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(_too_large(), status=413)
    return JsonResponse(_unreadable(), status=400)


def server_error(request):
    """Django's handler500: JSON `server_error` under /api/, the usual page elsewhere. Django has
    already logged the exception."""
    if not _is_api(request):
        return defaults.server_error(request)
    body = {"code": "server_error", "message": _("Something went wrong on our side. Please try again later.")}
    return JsonResponse(body, status=500)


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
