"""Registration, waitlist and check-in rules. Every write that carries a rule lives here."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import outbox
from core.errors import DomainError
from events.models import Event, EventStatus

from .checkin import (  # noqa: F401 - check-in is part of the services' public names
    CheckInResult,
    check_in,
    checkin_window,
    parse_ticket_code,
    replay,
    require_open,
    scan_time,
    undo_check_in,
)
from .checkin_batch import Scan, check_in_batch  # noqa: F401 - likewise
from .contacts import name_key, normalise_email
from .models import CheckIn, Registration, RegistrationStatus, Role, Source
from .tasks import send_ticket_email_task

logger = logging.getLogger(__name__)

CONSENT_TEXT = gettext_lazy(
    "I agree that the Basqary public foundation processes my personal data (name, phone, email, "
    "organisation, age, district) to organise this event and to report on the grant project, in "
    "accordance with the Law of the Republic of Kazakhstan “On personal data and their protection”."
)

# Roles that take a place counted against the event's capacity.
CAPACITY_ROLES = (Role.PARTICIPANT,)


class DuplicateRegistration(DomainError):
    """The phone or email already holds a live registration for this event."""

    def __init__(self, existing: Registration, *, same_person: bool):
        extra = {"status": existing.status}
        if same_person:
            # Only the same person (same phone or email and the same name) is led to the ticket;
            # knowing someone's phone number alone must not reveal their ticket.
            extra["ticket_url"] = existing.get_absolute_url()
        super().__init__(
            _("This phone number or email is already registered for this event (%(status)s).")
            % {"status": existing.get_status_display()},
            code="duplicate",
            extra=extra,
        )
        self.existing = existing
        self.same_person = same_person


@dataclass(frozen=True)
class Applicant:
    """What a person gives when registering, cleaned by `registration.contacts` at the edge
    (form, API, import): the name with its spaces collapsed, the phone in E.164 or empty, the
    email in lower case or empty. The phone's CHECK constraint refuses anything else."""

    full_name: str
    phone: str = ""
    email: str = ""
    organisation: str = ""
    age: int | None = None
    district: str = ""
    role: str = Role.PARTICIPANT
    language: str = "kk"


def _live(queryset):
    return queryset.exclude(status=RegistrationStatus.CANCELLED)


def _find_duplicate(event: Event, applicant: Applicant) -> Registration | None:
    match = Q()
    if applicant.phone:
        match |= Q(phone=applicant.phone)
    if applicant.email:
        match |= Q(email__iexact=normalise_email(applicant.email))
    if not match:
        return None
    return _live(Registration.objects.filter(event=event)).filter(match).first()


def confirmed_count(event: Event) -> int:
    return Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, role__in=CAPACITY_ROLES
    ).count()


CLOSED_STATUSES = (EventStatus.CANCELLED, EventStatus.FINISHED, EventStatus.DRAFT)


def has_room(event: Event, *, taken: int | None = None) -> bool:
    """Whether the next participant gets a place rather than the waitlist. `register_participant`
    and the waitlist's promotion ask it under the event's lock; the pages that show the places
    ask it without one. `taken` is `confirmed_count(event)`, when the caller has counted."""
    return event.capacity is None or (confirmed_count(event) if taken is None else taken) < event.capacity


def same_person(registration: Registration, full_name: str) -> bool:
    """A repeated registration is the same person's when the names match, ignoring case and spaces."""
    return name_key(registration.full_name) == name_key(full_name)


def _check_open(event: Event, *, source: str, consent: bool) -> None:
    # A walk-in typed at the door may reach the server after the organiser marked the event
    # finished (a phone syncing late): the door's window, judged at its time, decides instead.
    closed = (EventStatus.CANCELLED, EventStatus.DRAFT) if source == Source.WALK_IN else CLOSED_STATUSES
    if event.status in closed:
        raise DomainError(_("Registration for this event is not possible."), code="event_closed")
    if source == Source.ONLINE:
        if not event.is_registration_open():
            raise DomainError(_("Registration for this event is closed."), code="registration_closed")
        if not consent:
            raise DomainError(
                _("Please agree to the processing of your personal data."), code="consent_required", field="consent"
            )


def register_participant(
    *,
    event: Event,
    applicant: Applicant,
    source: str = Source.ONLINE,
    consent: bool = False,
    created_by=None,
) -> Registration:
    """Register `applicant` for `event`: confirmed while there is room, else waitlisted.

    Locks the event row while counting places and inserting, so concurrent registrations for
    one event are counted one at a time and capacity is never exceeded. Duplicates are looked
    for before taking the lock (to keep it short); the partial unique constraints on
    (event, phone) and (event, email) catch the race that this leaves, and the loser gets the
    same DuplicateRegistration answer.
    Raises DomainError: `registration_closed` outside the window (online sign-ups only),
    `event_closed` for a draft, cancelled or finished event, `consent_required`, `full` for a
    walk-in when no place is left, and DuplicateRegistration (`duplicate`) with the existing ticket.
    """
    _check_open(event, source=source, consent=consent)
    if existing := _find_duplicate(event, applicant):
        raise DuplicateRegistration(existing, same_person=same_person(existing, applicant.full_name))
    # The consent is stored in the words the person read: the language they registered in.
    with translation.override(applicant.language):
        consent_text = str(CONSENT_TEXT) if consent else ""
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            _check_open(locked, source=source, consent=consent)
            status = RegistrationStatus.CONFIRMED
            if applicant.role in CAPACITY_ROLES and not has_room(locked):
                if source == Source.WALK_IN:
                    raise DomainError(_("The event is full: no places are left."), code="full")
                status = RegistrationStatus.WAITLISTED
            registration = Registration.objects.create(
                event=locked,
                full_name=applicant.full_name,
                phone=applicant.phone,
                email=normalise_email(applicant.email),
                organisation=applicant.organisation,
                age=applicant.age,
                district=applicant.district,
                role=applicant.role,
                language=applicant.language,
                status=status,
                source=source,
                consent_text=consent_text,
                consent_at=timezone.now() if consent else None,
                created_by=created_by,
            )
            if registration.email:
                # Recorded with the registration and sent after commit; a broker outage delays it.
                outbox.enqueue(send_ticket_email_task, registration.pk, "registered")
    except IntegrityError:
        existing = _find_duplicate(event, applicant)
        if existing is None:
            raise
        raise DuplicateRegistration(existing, same_person=same_person(existing, applicant.full_name)) from None
    return registration


def update_details(*, registration: Registration, changed: Registration, fields: list[str]) -> Registration:
    """Save an organiser's corrections: only `fields` of `changed` (the form's instance), under the
    registration's row lock, so a cancellation or a waitlist promotion made while the form was open
    is not written back over. `Registration.save` adds `updated_at`, and `name_search` with a new name.

    Raises DomainError `duplicate` (on `phone` or `email`) when another live registration of the
    event took that phone or email meanwhile: the form checked it, the database decides.
    """
    if not fields:
        return registration
    try:
        with transaction.atomic():
            Registration.objects.select_for_update().filter(pk=registration.pk).first()
            changed.save(update_fields=fields)
    except IntegrityError as error:
        # The database names the constraint (PostgreSQL) or its columns (SQLite).
        field = "email" if "email" in str(error) else "phone"
        name = f"one_live_registration_per_{field}"
        constraint = next(c for c in Registration._meta.constraints if c.name == name)
        raise DomainError(str(constraint.violation_error_message), code="duplicate", field=field) from error
    return changed


@transaction.atomic
def cancel_registration(*, registration: Registration, by=None) -> Registration | None:
    """Cancel a registration and, if it held a place, give the place to the first person waiting.
    `by` is the organiser who cancelled it, or None when the participant did.

    Locks the event (as registration does) so a freed place is given exactly once.
    Idempotent: cancelling a cancelled registration changes nothing.
    Raises DomainError(`attended`) once the person has been checked in.
    Returns the promoted registration, if any.
    """
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    if CheckIn.objects.filter(registration=registration, undone_at__isnull=True).exists():
        raise DomainError(
            _("This person has already been checked in; the registration cannot be cancelled."), code="attended"
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancelled_by = by
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    promoted = promote_waitlist(event=event)
    return promoted[0] if promoted else None


def promote_waitlist(*, event: Event) -> list[Registration]:
    """Confirm waiting people, first come first served, while there is room.

    The caller holds the event's row lock (inside its transaction). Each promoted person's
    email is queued in that transaction (outbox) and sent after commit.
    """
    promoted = []
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
    )
    for registration in waiting:
        if not has_room(event):
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        promoted.append(registration)
        if registration.email:
            outbox.enqueue(send_ticket_email_task, registration.pk, "promoted")
    return promoted


@transaction.atomic
def promote_after_capacity_change(*, event: Event) -> list[Registration]:
    """After an organiser raises the capacity, give the new places to the waitlist."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    return promote_waitlist(event=event)


def register_walk_in(
    *,
    event: Event,
    applicant: Applicant,
    by,
    device: str = "",
    ref: str | None = None,
    registered_at: datetime | None = None,
) -> CheckInResult:
    """Register someone at the door and check them in at once (one transaction).

    Idempotent by `ref`: a retry after a lost answer returns the first answer (`duplicate`) and
    never creates a second registration; two requests with one `ref` at the same moment end with
    one registration (the scan log's unique `ref` refuses the second, which is rolled back).
    `registered_at` is when the door took the person's details (a walk-in queued offline is sent
    later): the window is judged at it and it is the check-in's time (clamped to now). Raises
    DomainError `not_open` outside the check-in window (nothing is recorded), and what
    `register_participant` raises.
    """
    if ref and (first := replay(ref)):
        return first
    at = scan_time(registered_at, timezone.now())
    require_open(event, at)
    try:
        with transaction.atomic():
            registration = register_participant(event=event, applicant=applicant, source=Source.WALK_IN, created_by=by)
            outcome = check_in(
                code=registration.code, event=event, scanned_by=by, device=device, manual=True, ref=ref, scanned_at=at
            )
            if outcome.duplicate:
                raise _SameWalkIn(outcome)
            return outcome
    except _SameWalkIn as same:
        return same.outcome
    except (IntegrityError, DuplicateRegistration):
        # The same walk-in, sent twice at once: the other request has committed it.
        if ref and (first := replay(ref)):
            return first
        raise


class _SameWalkIn(Exception):
    """Rolls back a walk-in whose `ref` turned out to be taken by a concurrent request."""

    def __init__(self, outcome: CheckInResult):
        super().__init__(outcome.result)
        self.outcome = outcome
