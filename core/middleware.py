"""Control characters refused at the edge, once, before any view or database sees them.

PostgreSQL refuses NUL in text (every query with one fails), and the other C0 control
characters are invisible and break spreadsheets and printed documents; no person types them.
So a request carrying one gets an answer here instead of a 500 further in:

- in the path (Django has already percent-decoded it): 404, as for any path that names nothing;
- in the query string: 400 (422 with the API's error body under /api/);
- in a string anywhere in a JSON body under /api/: 422 `{"code": "control_characters",
  "message", "errors": [{"field", "message", "type"}]}`, in the request's language like every
  API error;
- in a cookie: 400;
- NUL in a form field: 400 with a plain message. Forms refuse the other control characters
  field by field where they matter (names), with their own messages.

Tabs, line breaks and carriage returns are text and pass (except in a path). Lone UTF-16
surrogates ("\\ud800" in JSON) cannot be stored either and are refused with the controls.
"""

import json
import re

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
_PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NUL = re.compile("\x00")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseControlCharactersMiddleware:
    """Answer 404/400/422 for control characters in the path, query, cookies, JSON body or form fields.

    Goes after LocaleMiddleware, so that its messages are in the request's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith(API_PREFIX)
        if _PATH_CONTROLS.search(request.path_info):
            if is_api:
                return JsonResponse({"code": "not_found", "message": _("Not found.")}, status=404)
            # A plain answer: this runs before authentication, so the site's page (which shows
            # who is signed in) cannot be rendered yet.
            return HttpResponse(_("Not found."), status=404, content_type="text/plain; charset=utf-8")
        if (field := _first_control(request.GET.lists(), _TEXT_CONTROLS)) is not None:
            return _refuse(field, status=422 if is_api else 400, is_api=is_api)
        # gunicorn refuses NUL in a header; the development server does not, and a session
        # cookie with one would fail its lookup in PostgreSQL.
        cookies = ((name, [value]) for name, value in request.COOKIES.items())
        if (field := _first_control(cookies, _TEXT_CONTROLS)) is not None:
            return _refuse(field, status=400, is_api=is_api)
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.META.get("CONTENT_LENGTH"):
            return self.get_response(request)
        if request.content_type in _FORM_TYPES:
            # The names of uploaded files too: some become titles (a batch of photos).
            file_names = ((key, [file.name or "" for file in files]) for key, files in request.FILES.lists())
            if (field := _first_control([*request.POST.lists(), *file_names], _NUL)) is not None:
                return _refuse(field, status=422 if is_api else 400, is_api=is_api)
        elif is_api and (field := _json_control(request.body)) is not None:
            return _refuse(field, status=422, is_api=True)
        return self.get_response(request)


def _refuse(field: str, *, status: int, is_api: bool) -> HttpResponse:
    message = _("Remove the invisible control characters from this text.")
    if is_api:
        # The API's 422 shape (ValidationErrorOut), so that a client marks the field as for any other error.
        error = {"field": field, "message": message, "type": "control_characters"}
        return JsonResponse({"code": "control_characters", "message": message, "errors": [error]}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _first_control(items, pattern: re.Pattern) -> str | None:
    """The name of the first field (of QueryDict.lists()) whose name or values match `pattern`."""
    for key, values in items:
        if pattern.search(key) or any(pattern.search(value) for value in values):
            return _TEXT_CONTROLS.sub("?", key)
    return None


def _json_control(body: bytes) -> str | None:
    """The dotted path of the first string in a JSON body with a control character ("" for
    the body itself), or None when there is none.

    A body that is not JSON is left to the API, which answers it with its own 422. Ninja reads
    any body as JSON whatever its content type, so neither is this checked by content type."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    # Walked with a stack rather than recursion: the depth of the document is the client's choice.
    stack = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _TEXT_CONTROLS.search(value):
                return path
        elif isinstance(value, dict):
            if any(_TEXT_CONTROLS.search(key) for key in value):
                return path
            # Pushed in reverse, so that the first string of the document is the one named.
            stack.extend((f"{path}.{key}" if path else key, item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(
                (f"{path}.{index}" if path else str(index), item) for index, item in reversed(list(enumerate(value)))
            )
    return None
