import time

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery

from core.text import fold
from events.models import Event

from .contacts import collapse_spaces, normalise_phone
from .models import CheckIn, Registration, RegistrationStatus, Role


def registration_by_code(code: str) -> Registration | None:
    if not code or len(code) > 64:
        return None
    return Registration.objects.select_related("event__venue").filter(code=code).first()


def active_checkin(registration: Registration) -> CheckIn | None:
    return CheckIn.objects.active().filter(registration=registration).first()


def has_attended(registration: Registration) -> bool:
    """Whether this person came (see `RegistrationQuerySet.attended`)."""
    return Registration.objects.attended().filter(pk=registration.pk).exists()


def attendees_who_came(event: Event):
    """The people who attended `event`, by name: certificates, the grant's counts."""
    return Registration.objects.filter(event=event).attended().order_by("name_search", "pk")


def search_attendees(event: Event, query: str, limit: int = 20):
    """The door's search: registrations of `event` with exactly the phone `query` when it is a
    whole phone number (in any format `normalise_phone` accepts), else those whose name
    contains it, folded (`core.text.fold`: case and Kazakh letters, so «Айгерим» finds «Айгерім»).

    Part of a phone finds nobody: matching the last digits would let anyone at the door
    recover a full number in a few dozen searches.
    """
    query = collapse_spaces(query)
    if len(query) < 2:
        return Registration.objects.none()
    match = Q(name_search__contains=fold(query))
    if any(char.isdigit() for char in query):
        try:
            match = Q(phone=normalise_phone(query))
        except ValidationError:
            pass
    return (
        Registration.objects.filter(event=event)
        .filter(match)
        .prefetch_related("checkins")
        .order_by("full_name", "pk")[:limit]
    )


def attendees_of(event: Event):
    """The event's registrations, each with `active_checkin_at` (None when not checked in),
    in one query whatever the number of people."""
    active = CheckIn.objects.active().filter(registration=OuterRef("pk"))
    return (
        Registration.objects.filter(event=event)
        .annotate(active_checkin_at=Subquery(active.values("checked_in_at")[:1]))
        .order_by("created_at", "pk")
    )


def attendance_counts(event: Event) -> dict:
    """Registrations by status and active check-ins: the door's live counter and the list's header."""
    by_status = dict(
        Registration.objects.filter(event=event).values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "total": sum(by_status.values()),
        "confirmed": by_status.get(RegistrationStatus.CONFIRMED, 0),
        "waitlisted": by_status.get(RegistrationStatus.WAITLISTED, 0),
        "cancelled": by_status.get(RegistrationStatus.CANCELLED, 0),
        "checked_in": CheckIn.objects.active().filter(registration__event=event).count(),
    }


def filter_attendees(queryset, params, *, contacts: bool):
    """Apply the list's filters from `params` (a QueryDict); return the queryset and the
    filters actually applied (unknown values are ignored)."""
    applied = {}
    query = " ".join(params.get("q", "").split())[:100]
    if query:
        match = Q(name_search__contains=fold(query))
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) == 11 and digits[0] in "78":
            digits = digits[1:]
        if contacts and len(digits) >= 3:
            match |= Q(phone__contains=digits)
        queryset = queryset.filter(match)
        applied["q"] = query
    if (status := params.get("status")) in RegistrationStatus.values:
        queryset = queryset.filter(status=status)
        applied["status"] = status
    if (role := params.get("role")) in Role.values:
        queryset = queryset.filter(role=role)
        applied["role"] = role
    checked = params.get("checked")
    if checked in ("yes", "no"):
        queryset = queryset.filter(active_checkin_at__isnull=(checked == "no"))
        applied["checked"] = checked
    return queryset, applied


# In the model's field order: `Event.from_db` builds the instance (the rest deferred) without
# running every field's default, as `Event(...)` would, at every scan.
_DOOR_FIELDS = ("id", "slug", "start_at", "end_at", "checkin_opens_minutes_before")
_DOOR_EVENTS: dict[str, tuple[tuple, float]] = {}
DOOR_EVENT_SECONDS = 60


def door_event(slug: str) -> Event | None:
    """The event a door device scans for, by slug, as an instance carrying its pk and the fields
    of its check-in window (start, end, minutes the door opens before the start).

    Every scan names its event; these are kept in this process for a minute to spare the
    database a query per scan: a renamed slug or a changed time reaches the door within a minute.
    """
    now = time.monotonic()
    cached = _DOOR_EVENTS.get(slug)
    if cached and cached[1] > now:
        return Event.from_db("default", _DOOR_FIELDS, cached[0])
    values = Event.objects.filter(slug=slug).values_list(*_DOOR_FIELDS).first()
    if values is None:
        _DOOR_EVENTS.pop(slug, None)
        return None
    if len(_DOOR_EVENTS) > 1000:
        _DOOR_EVENTS.clear()
    _DOOR_EVENTS[slug] = (values, now + DOOR_EVENT_SECONDS)
    return Event.from_db("default", _DOOR_FIELDS, values)


def forget_door_events() -> None:
    _DOOR_EVENTS.clear()
