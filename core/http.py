"""The two things every HTML view of the apps does the same way.

`perform` calls a service for a view: a broken rule (DomainError) becomes an error message, or
an error on the form's field, and success becomes a success message, so a view is "call,
then redirect". `download` answers a file (bytes, or an open file) as an attachment with a
filename any browser keeps, Cyrillic included; `private_file` marks any response holding
personal data so that no browser or proxy cache keeps it (`download` always does).
"""

import io
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.contrib import messages
from django.http import FileResponse, Http404

from .errors import DomainError
from .models import JobStatus


@dataclass(frozen=True)
class Outcome:
    """What `perform` did: `ok` is False when the service refused; `value` is what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def perform(
    request, call: Callable[[], Any], *, success: str | Callable[[Any], str | None] | None = None, form=None
) -> Outcome:
    """Run `call()` for an HTML view.

    A DomainError is shown to the person: on `form` (on its field when the error names one of
    the form's fields) or else as an error message; nothing else is caught, so a bug still
    fails loudly. On success, `success` (a text, or a function of the result giving a text or
    None) is added as a success message.
    """
    try:
        value = call()
    except DomainError as error:
        if form is not None:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.error(request, error.message)
        return Outcome(ok=False)
    text = success(value) if callable(success) else success
    if text:
        messages.success(request, text)
    return Outcome(ok=True, value=value)


def private_file(response):
    """Forbid caches to keep `response`: it holds personal data (a ticket, a list, a signature)."""
    response["Cache-Control"] = "private, no-store"
    return response


def download(
    content: bytes | IO[bytes], filename: str, *, content_type: str | None = None, inline: bool = False
) -> FileResponse:
    """A file response: `content` is bytes or an open binary file (closed by Django once sent).

    Every file answered here may hold personal data (tickets, lists, signatures, CVs), so no
    browser or proxy cache may keep it: `Cache-Control: private, no-store`."""
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return private_file(FileResponse(content, as_attachment=not inline, filename=filename, content_type=content_type))


def job_result(job) -> FileResponse:
    """The file a finished job made; 404 while there is none (no job, not done yet, no file)."""
    if job is None or job.status != JobStatus.DONE or not job.result:
        raise Http404
    return download(job.result.open("rb"), job.result.name.rsplit("/", 1)[-1])
