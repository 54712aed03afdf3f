"""The door page's offline API: its roster and the batch of scans it queued (docs/door-api.md).

Mounted under the registration router (`registration.api`), with the same authentication.
"""

import json
from datetime import datetime
from typing import Annotated, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Field, Router, Schema
from pydantic import ValidationError

from core.auth import require_perm, session_or_token
from core.schemas import ErrorOut, ValidationErrorOut
from events.models import Event

from . import selectors, services
from .checkin import DEVICE_MAX, REF_DESCRIPTION, REF_PATTERN, DeviceTime
from .models import RegistrationStatus, Role, ScanResult
from .roster import door_roster

router = Router(tags=["registration"])

BATCH_MAX = 1000


class WindowOut(Schema):
    opens_at: datetime
    closes_at: datetime


class RosterPersonOut(Schema):
    h: str = Field(description="The first 32 hex characters of SHA-256 of the ticket code (UTF-8).")
    name: str
    role: Role
    role_label: str
    status: RegistrationStatus
    checked_in_at: datetime | None
    checked_in_device: str = Field(description="The active check-in's device, else who checked the person in.")


class RosterOut(Schema):
    event: str
    version: str = Field(description="Opaque: send it back as `since` for the changes after this copy.")
    full: bool = Field(description="True: the whole roster (replace yours); false: only changes (upsert by `h`).")
    window: WindowOut
    people: list[RosterPersonOut]
    removed: list[str] = Field(description="Hashes to delete from your copy.")
    kits: dict[str, bool] = Field(description="The roles that receive a kit at this event.")


@router.get(
    "/events/{slug}/roster",
    response={200: RosterOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=session_or_token,
)
def event_roster(request, slug: str, since: str = ""):
    """The door's offline copy of an event (volunteers and organisers): per ticket a hash of its
    code, the name, role, status and active check-in; never a code, phone or email. Without
    `since`, everyone (`full`); with the `version` of an earlier answer, who changed since
    (a delta overlaps the previous one by two minutes: upsert by `h`). Also the check-in window
    and the roles that get a kit."""
    require_perm(request, "registration.add_checkin")
    event = get_object_or_404(Event, slug=slug)
    roster = door_roster(event, since[:100] or None)
    # Names are Cyrillic: written as UTF-8 rather than \u escapes, and without spaces, 300
    # people take about half the bytes (the roster must stay well under 100 kB).
    body = json.dumps(roster, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


class BatchItemIn(Schema):
    ref: str = Field(pattern=REF_PATTERN, description=REF_DESCRIPTION)
    code: str = Field(min_length=1, max_length=512, description="The ticket code or the ticket's URL from the QR.")
    event: str = Field(min_length=1, max_length=80, description="The event's slug.")
    scanned_at: DeviceTime = Field(description="When it was scanned, with its UTC offset (years 2000–2100).")
    device: str = Field(
        "", max_length=DEVICE_MAX, description="The device's label; by default a token's device name, else empty."
    )
    manual: bool = Field(False, description="True when picked from a search list rather than scanned.")


class BatchResultOut(Schema):
    ref: str | None
    result: ScanResult
    message: str
    name: str | None = None
    role_label: str | None = None
    checked_in_at: datetime | None = None
    checked_in_device: str | None = None
    duplicate: bool = False


BATCH_DESCRIPTION = (
    f"A JSON array of at most {BATCH_MAX} scans, each `{{ref, code, event, scanned_at, device?, manual?}}` "
    "(the items' schema). An item that cannot be read is answered `invalid`; the others are recorded."
)
# The body is the array itself (not an object holding it). Its items are read one by one, so
# that a bad item gets its own `invalid` answer; the schema still shows what an item is.
BATCH_BODY = Body(...)
ITEMS = {"items": BatchItemIn.model_json_schema()}


def _invalid(item: Any, message: str) -> dict:
    ref = item.get("ref") if isinstance(item, dict) else None
    return {"ref": ref[:64] if isinstance(ref, str) else None, "result": ScanResult.INVALID, "message": message}


def _read(item: Any) -> BatchItemIn | str:
    """The item, or why it cannot be read (for people)."""
    try:
        return BatchItemIn.model_validate(item)
    except ValidationError as exc:
        fields = sorted({str(error["loc"][0]) if error["loc"] else "item" for error in exc.errors()})
        return _("This scan could not be read (%(fields)s).") % {"fields": ", ".join(fields)}


@router.post(
    "/checkin/batch",
    response={
        200: list[BatchResultOut],
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ValidationErrorOut,
    },
    auth=session_or_token,
)
def create_check_in_batch(
    request,
    items: Annotated[
        list[Any], Field(max_length=BATCH_MAX, description=BATCH_DESCRIPTION, json_schema_extra=ITEMS)
    ] = BATCH_BODY,
):
    """Sync the scans a door device queued offline (volunteers and organisers), one answer per
    item in the same order: `result` as for one scan (`ok`, `already`, `wrong_event`,
    `cancelled`, `waitlisted`, `unknown`, `not_open`) or `invalid` for an item that cannot be
    read (a field missing or wrong, an unknown event; nothing recorded). Items are processed in
    order of `scanned_at`, the check-in keeps that time, and the scan log marks them offline.
    Idempotent by `ref`: a ref seen before gets its first answer again with `duplicate: true`
    and records nothing. Two devices that scanned one ticket: one check-in, the earliest scan;
    the item that reached the server later is `already`, naming the other scan (when, which
    device). 422 for a body that is not an array or has more than 1000 items."""
    require_perm(request, "registration.add_checkin", _("Only volunteers and organisers can check people in."))
    answers: list[dict | None] = [None] * len(items)
    scans, positions = [], []
    for position, item in enumerate(items):
        read = _read(item)
        if isinstance(read, str):
            answers[position] = _invalid(item, read)
            continue
        event = selectors.door_event(read.event)
        if event is None:
            answers[position] = _invalid(item, _("Unknown event: %(slug)s") % {"slug": read.event})
            continue
        scans.append(
            services.Scan(
                ref=read.ref,
                code=read.code,
                event=event,
                scanned_at=read.scanned_at,
                device=read.device,
                manual=read.manual,
            )
        )
        positions.append(position)
    outcomes = services.check_in_batch(scans=scans, scanned_by=request.user) if scans else []
    for position, scan, outcome in zip(positions, scans, outcomes, strict=True):
        registration = outcome.registration
        answers[position] = {
            "ref": scan.ref,
            "result": outcome.result,
            "message": outcome.message,
            "name": registration.full_name if registration else None,
            "role_label": str(registration.get_role_display()) if registration else None,
            "checked_in_at": outcome.checked_in_at,
            "checked_in_device": outcome.checked_in_device or None,
            "duplicate": outcome.duplicate,
        }
    return answers
