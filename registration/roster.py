"""The door's roster: what a door device keeps offline about an event's people (docs/door-api.md).

Per ticket a hash of its code (never the code: a lost phone cannot print tickets), the name,
role, status and the active check-in; never a phone or an email. A device downloads it once and
then asks for what changed since its `version`.

The version is the latest change (`updated_at` of the event's registrations and their
check-ins) and the number of registrations then. A delta sends every row changed after the
version's time less ROSTER_OVERLAP, so a change whose transaction committed a little after a
later one is never missed (the device upserts by hash; a repeated row is harmless). Rows are
never removed from a roster by a change, only by a deletion (admin) or a move to another event;
the count in the version notices that, and the answer is then the full roster.
"""

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from events.models import Event

from .checkin import checkin_window, person_name
from .models import CheckIn, Registration, Role

ROSTER_OVERLAP = timedelta(minutes=2)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Apps above registration (inventory) say which roles get a kit at an event; registration may
# not import them, so they register a function here from their AppConfig.ready().
_kit_role_sources: list[Callable[[Event], Iterable[str]]] = []


def add_kit_roles_source(source: Callable[[Event], Iterable[str]]) -> None:
    if source not in _kit_role_sources:
        _kit_role_sources.append(source)


def ticket_hash(code: str) -> str:
    """What the roster holds instead of a ticket code: the first 32 hex characters of its SHA-256."""
    return hashlib.sha256(code.encode()).hexdigest()[:32]


def _micros(moment: datetime | None) -> int:
    return 0 if moment is None else (moment - _EPOCH) // timedelta(microseconds=1)


def _parse_version(text: str | None) -> tuple[datetime, int] | None:
    try:
        tag, micros, count = (text or "").split(".")
        moment = _EPOCH + timedelta(microseconds=int(micros))
        # Only a version this server could have given: anything else gets the full roster.
        if tag != "1" or int(micros) < 0 or int(count) < 0 or moment > timezone.now() + ROSTER_OVERLAP:
            return None
        return moment, int(count)
    except (ValueError, OverflowError):
        return None


def door_roster(event: Event, since: str | None = None) -> dict:
    """The roster of `event`: everyone (`full`) or, with a usable `since`, who changed since."""
    registrations = Registration.objects.filter(event=event)
    parsed = _parse_version(since)
    before = Q(created_at__lte=parsed[0]) if parsed else Q(pk__in=[])
    facts = registrations.aggregate(last=Max("updated_at"), total=Count("pk"), before=Count("pk", filter=before))
    last_checkin = CheckIn.objects.filter(registration__event=event).aggregate(last=Max("updated_at"))["last"]
    latest = max((t for t in (facts["last"], last_checkin) if t is not None), default=None)
    version = f"1.{_micros(latest)}.{facts['total']}"

    # A delta is possible unless a registration present then is gone now (deleted or moved).
    full = parsed is None or facts["before"] < parsed[1]
    if not full:
        cutoff = parsed[0] - ROSTER_OVERLAP
        changed_checkins = CheckIn.objects.filter(registration__event=event, updated_at__gt=cutoff)
        registrations = registrations.filter(
            Q(updated_at__gt=cutoff) | Q(pk__in=changed_checkins.values("registration_id"))
        )
    rows = list(registrations.order_by("pk").values_list("pk", "code", "full_name", "role", "status"))
    active = CheckIn.objects.active().filter(registration__event=event)
    if not full:
        active = active.filter(registration_id__in=[row[0] for row in rows])
    checkins = {
        registration_id: (at, device or person_name(first, last, username))
        for registration_id, at, device, first, last, username in active.order_by().values_list(
            "registration_id",
            "checked_in_at",
            "device",
            "checked_in_by__first_name",
            "checked_in_by__last_name",
            "checked_in_by__username",
        )
    }
    labels = {role: str(label) for role, label in Role.choices}
    people = []
    for pk, code, name, role, status in rows:
        at, device = checkins.get(pk, (None, ""))
        people.append(
            {
                "h": ticket_hash(code),
                "name": name,
                "role": role,
                "role_label": labels.get(role, role),
                "status": status,
                "checked_in_at": at,
                "checked_in_device": device,
            }
        )
    opens_at, closes_at = checkin_window(event)
    return {
        "event": event.slug,
        "version": version,
        "full": full,
        "window": {"opens_at": opens_at, "closes_at": closes_at},
        "people": people,
        "removed": [],
        "kits": {role: True for source in _kit_role_sources for role in source(event)},
    }
