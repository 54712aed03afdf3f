"""The site's own refusal pages (handler403, and CSRF_FAILURE_VIEW for a form sent with an
expired security token): in the reader's language, with the site's header, and JSON under
/api/ like every other answer there."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def permission_denied(request, exception):
    """Django's handler403. A refusal is an expected answer, not a fault: `log_filters`
    keeps its traceback out of the log."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "forbidden", "message": _("You do not have permission to do this.")}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token (usually a page left open past the session's end).
    Django has already logged the refusal as a warning (without a traceback)."""
    if request.path.startswith("/api/"):
        message = _("This page's security token has expired. Reload the page and try again.")
        return JsonResponse({"code": "csrf_failed", "message": message}, status=403)
    return render(request, "403.html", {"expired_form": True}, status=403)
