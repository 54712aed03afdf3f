from datetime import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from core.auth import require_perm, session_or_token
from core.models import hash_token
from core.ratelimit import allow, client_ip
from core.schemas import ConflictOut, ErrorOut, ValidationErrorOut
from events.models import Event

from . import door_api, selectors, services, tickets
from .checkin import REF_DESCRIPTION, REF_PATTERN, DeviceTime
from .contacts import normalise_email, normalise_full_name, normalise_name, normalise_phone
from .models import District, RegistrationStatus, Role, ScanResult

router = Router(tags=["registration"])
router.add_router("", door_api.router)

PHONE_DESCRIPTION = (
    "A mobile number: Kazakhstan numbers in any usual format (+7 701 123 45 67, 8 (701) 123-45-67, "
    "87011234567, 7011234567), other countries with their code, e.g. +998 90 123 45 67. A landline "
    "is refused. Stored in E.164 (+77011234567)."
)
PHONE_EXAMPLES = ["+7 701 123 45 67", "8 701 123 45 67", "+998 90 123 45 67"]


def _cleaned(normalise, value: str) -> str:
    """Run a `contacts` function in a pydantic validator, whose errors are ValueErrors."""
    try:
        return normalise(value)
    except DjangoValidationError as exc:
        raise ValueError(exc.messages[0]) from None


class RegistrationIn(Schema):
    full_name: str = Field(min_length=2, max_length=200)
    phone: str = Field(max_length=30, description=PHONE_DESCRIPTION, examples=PHONE_EXAMPLES)
    email: str = Field("", max_length=254)
    organisation: str = Field("", max_length=250)
    age: int | None = Field(None, ge=6, le=120)
    district: District | None = None
    consent: bool = Field(description="Consent to the processing of personal data; must be true.")
    language: str | None = Field(None, description="kk, ru or en; defaults to the request's language.")
    website: str = Field("", description="Leave empty (a honeypot for bots).")

    @field_validator("full_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _cleaned(normalise_full_name, value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return _cleaned(normalise_phone, value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return _cleaned(normalise_email, value)

    @field_validator("organisation")
    @classmethod
    def _organisation(cls, value: str) -> str:
        return _cleaned(normalise_name, value)


class RegistrationOut(Schema):
    code: str
    status: RegistrationStatus
    ticket_url: str


class DuplicateOut(ConflictOut):
    status: RegistrationStatus | None = Field(None, description="With `duplicate`: the existing ticket's status.")
    ticket_url: str | None = Field(
        None, description="With `duplicate`, when the name matches too: the existing ticket's page."
    )


@router.post(
    "/events/{slug}/registrations",
    response={
        201: RegistrationOut,
        400: ErrorOut,
        404: ErrorOut,
        409: DuplicateOut,
        422: ValidationErrorOut,
        429: ErrorOut,
    },
    auth=None,
)
def create_registration(request, slug: str, payload: RegistrationIn):
    """Register for a published event. Public; limited per client address.

    201 with the ticket's code and `status` `confirmed` (a place is yours) or `waitlisted`
    (the event is full; a cancellation promotes the first person waiting). 409 `duplicate`
    when the phone or email is already registered, naming the existing ticket's status (and
    giving its `ticket_url` when the name matches too); 409 `registration_closed`, `event_closed`,
    `consent_required`; 404 for an unknown or unpublished event;
    422 with field errors for bad input; 400 `rejected` for a filled honeypot or a body that is not
    JSON; 429 `rate_limited`."""
    if not allow(scope="register", key=client_ip(request), limit=settings.REGISTRATION_RATE_LIMIT, window_seconds=60):
        return Status(
            429,
            {
                "code": "rate_limited",
                "message": _("Too many registrations from your network. Please wait a minute and try again."),
            },
        )
    if payload.website:
        return Status(
            400, {"code": "rejected", "message": _("Your registration could not be accepted. Please try again.")}
        )
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    language = payload.language if payload.language in dict(settings.LANGUAGES) else get_language()[:2]
    registration = services.register_participant(
        event=event,
        applicant=services.Applicant(
            full_name=payload.full_name,
            phone=payload.phone,
            email=payload.email,
            organisation=payload.organisation,
            age=payload.age,
            district=payload.district or "",
            language=language,
        ),
        consent=payload.consent,
    )
    return Status(
        201, {"code": registration.code, "status": registration.status, "ticket_url": tickets.ticket_url(registration)}
    )


class CheckInIn(Schema):
    code: str = Field(min_length=1, max_length=512, description="The ticket code or the ticket's URL from the QR.")
    event: str = Field(max_length=80, description="The event's slug.")
    device: str = Field(
        "", max_length=100, description="The device's label; by default a token's device name, else empty."
    )
    manual: bool = Field(False, description="True when picked from a search list rather than scanned.")
    ref: str | None = Field(None, pattern=REF_PATTERN, description=REF_DESCRIPTION)
    scanned_at: DeviceTime | None = Field(
        None, description="When it was scanned, for a retried request (with its UTC offset; clamped to now)."
    )


class CheckInOut(Schema):
    result: ScanResult
    message: str
    name: str | None = None
    role: Role | None = None
    role_label: str | None = None
    organisation: str | None = None
    checked_in_at: datetime | None = None
    checked_in_by: str | None = None
    checked_in_device: str | None = Field(None, description="The check-in's device, else who checked the person in.")
    event_title: str | None = None
    duplicate: bool = Field(False, description="True when `ref` was received before: this is the first answer again.")


def _checkin_out(outcome: services.CheckInResult) -> dict:
    registration = outcome.registration
    body = {
        "result": outcome.result,
        "message": outcome.message,
        "checked_in_at": outcome.checked_in_at,
        "checked_in_by": outcome.checked_in_by or None,
        "checked_in_device": outcome.checked_in_device or None,
        "duplicate": outcome.duplicate,
    }
    if registration is not None:
        body.update(
            name=registration.full_name,
            role=registration.role,
            role_label=str(Role(registration.role).label),
            organisation=registration.organisation,
        )
        if outcome.result == ScanResult.WRONG_EVENT:
            body["event_title"] = registration.event.title
    return body


@router.post(
    "/checkin",
    response={200: CheckInOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=session_or_token,
)
def create_check_in(request, payload: CheckInIn):
    """Record one scan at the door (volunteers and organisers; session or Bearer token).

    `result` is one of `ok` (welcome: admitted now), `already` (with when and by whom),
    `wrong_event`, `cancelled`, `waitlisted`, `unknown` or `not_open` (outside the event's
    check-in window). Exactly one `ok` per ticket, even when several devices scan the same code
    at once. Every scan is logged. Phones and emails are never returned. 404 for an unknown
    event; a refused ticket is a `result`, never an error. With `ref`, a retry after a lost
    answer is recognised: the first answer again, `duplicate: true`, nothing recorded."""
    require_perm(request, "registration.add_checkin", _("Only volunteers and organisers can check people in."))
    event = selectors.door_event(payload.event)
    if event is None:
        raise Http404
    outcome = services.check_in(
        code=payload.code,
        event=event,
        scanned_by=request.user,
        device=payload.device,
        manual=payload.manual,
        ref=payload.ref,
        scanned_at=payload.scanned_at,
    )
    return _checkin_out(outcome)


class AttendeeOut(Schema):
    code: str
    name: str
    role: Role
    role_label: str
    status: RegistrationStatus
    organisation: str
    checked_in_at: datetime | None


def _door_device(request) -> str:
    """Who is searching at the door: the device's token, else the signed-in person. A browser
    with a session counts as its person whatever token it sends, so made-up tokens cannot
    open fresh allowances (without a session only a valid token gets this far)."""
    header = request.headers.get("Authorization", "")
    if request.session.get(SESSION_KEY) is None and header.lower().startswith("bearer "):
        return "token:" + hash_token(header[7:].strip())
    return f"user:{request.user.pk}"


@router.get(
    "/events/{slug}/attendees",
    response={
        200: list[AttendeeOut],
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
        429: ErrorOut,
    },
    auth=session_or_token,
)
def search_attendees(request, slug: str, q: str = ""):
    """Find attendees for the door (at least 2 characters): a whole phone number, in any format
    the registration form accepts, finds its one registration; anything else searches names.
    Part of a phone finds nobody. Names, roles and statuses only, never phones or emails.
    429 `rate_limited` beyond DOOR_SEARCH_RATE_LIMIT searches a minute from one device (its
    token, else the signed-in person), so nobody can page through the attendee list."""
    require_perm(request, "registration.add_checkin")
    if not allow(
        scope="door-search", key=_door_device(request), limit=settings.DOOR_SEARCH_RATE_LIMIT, window_seconds=60
    ):
        return Status(
            429,
            {"code": "rate_limited", "message": _("Too many searches from this device. Wait a minute and try again.")},
        )
    event = get_object_or_404(Event, slug=slug)
    results = []
    for registration in selectors.search_attendees(event, q):
        active = next((c for c in registration.checkins.all() if c.undone_at is None), None)
        results.append(
            {
                "code": registration.code,
                "name": registration.full_name,
                "role": registration.role,
                "role_label": str(registration.get_role_display()),
                "status": registration.status,
                "organisation": registration.organisation,
                "checked_in_at": active.checked_in_at if active else None,
            }
        )
    return results


class StatsOut(Schema):
    registered: int
    waitlisted: int
    checked_in: int


@router.get(
    "/events/{slug}/stats",
    response={200: StatsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=session_or_token,
)
def event_stats(request, slug: str):
    """The door's live counter: confirmed registrations, waitlist and check-ins."""
    require_perm(request, "registration.add_checkin")
    counts = selectors.attendance_counts(get_object_or_404(Event, slug=slug))
    return {"registered": counts["confirmed"], "waitlisted": counts["waitlisted"], "checked_in": counts["checked_in"]}


class WalkInIn(Schema):
    full_name: str = Field(min_length=2, max_length=200)
    phone: str = Field("", max_length=30, description=PHONE_DESCRIPTION + " Optional.", examples=PHONE_EXAMPLES)
    organisation: str = Field("", max_length=250)
    role: Role = Role.PARTICIPANT
    device: str = Field(
        "", max_length=100, description="The device's label; by default a token's device name, else empty."
    )
    ref: str | None = Field(None, pattern=REF_PATTERN, description=REF_DESCRIPTION)
    registered_at: DeviceTime | None = Field(
        None,
        description="When the door took the details, for a walk-in queued offline (with its UTC offset; clamped to "
        "now): the check-in window is judged at it and it is the check-in's time.",
    )

    @field_validator("full_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _cleaned(normalise_full_name, value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return _cleaned(normalise_phone, value) if value.strip() else ""

    @field_validator("organisation")
    @classmethod
    def _organisation(cls, value: str) -> str:
        return _cleaned(normalise_name, value)


@router.post(
    "/events/{slug}/walk-ins",
    response={
        201: CheckInOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: DuplicateOut,
        422: ValidationErrorOut,
    },
    auth=session_or_token,
)
def create_walk_in(request, slug: str, payload: WalkInIn):
    """Register a person who came without registering and check them in at once (volunteers).
    409 `duplicate` if the phone is already registered (scan or search them instead), 409 `full`,
    `event_closed` (a draft, cancelled or finished event), `not_open` (outside the check-in
    window; nothing recorded); 404 for an unknown event. With `ref`, a retry after a lost answer
    gets the first answer again (`duplicate: true`) and never registers the person twice."""
    require_perm(request, "registration.add_checkin")
    event = get_object_or_404(Event, slug=slug)
    outcome = services.register_walk_in(
        event=event,
        applicant=services.Applicant(
            full_name=payload.full_name,
            phone=payload.phone,
            organisation=payload.organisation,
            role=payload.role,
            language=get_language()[:2],
        ),
        by=request.user,
        device=payload.device,
        ref=payload.ref,
        registered_at=payload.registered_at,
    )
    return Status(201, _checkin_out(outcome))
