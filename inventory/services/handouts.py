"""Kits at the door: giving a checked-in attendee the kit of their role, at most once.

A handout is a set of ledger movements out of the event's handout desk, posted through
`ledger.post`.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import Event
from registration.checkin import display_name, scan_time
from registration.models import CheckIn, Registration, RegistrationStatus

from ..models import Holder, HolderKind, Kit, Movement, MovementKind
from .ledger import MovementSpec, post


class HandoutStatus:
    GIVEN = "given"
    ALREADY_GIVEN = "already_given"


@dataclass(frozen=True)
class HandoutResult:
    result: str
    registration: Registration
    items: list[tuple[str, int]] = field(default_factory=list)
    given_at: datetime | None = None
    given_by: str = ""
    duplicate: bool = False


def desk_for(event: Event) -> Holder | None:
    return Holder.objects.filter(kind=HolderKind.DESK, event=event).first()


def kit_roles(event: Event) -> list[str]:
    """The roles that receive a kit (with at least one item) at `event`: the door offers "Give kit" only to them."""
    return list(Kit.objects.filter(event=event, items__isnull=False).values_list("role", flat=True).distinct())


def _given(movements: list[Movement], registration: Registration, status: str, *, duplicate=False) -> HandoutResult:
    first = movements[0]
    return HandoutResult(
        status,
        registration,
        [(m.item.name, m.quantity) for m in movements],
        first.handed_at or first.created_at,
        display_name(first.created_by),
        duplicate,
    )


@transaction.atomic
def hand_out_kit(
    *, registration: Registration, event: Event, by, ref: str | None = None, handed_at: datetime | None = None
) -> HandoutResult:
    """Give the attendee the kit of their role at `event`, from the event's desk, at most once.

    Locks the registration first (so two devices scanning one ticket give one kit), then the
    desk's balances in pk order. All or nothing: if any item is short, nothing is recorded.
    A repeated call returns `already_given` with when and by whom; the unique constraint on
    (registration, item) is the backstop. A `ref` that recorded a handout before returns that
    first answer (`given`, `duplicate`) and records nothing. `handed_at` (clamped to now) is when
    a kit queued offline was handed out.
    Raises DomainError `wrong_event`, `not_confirmed`, `not_checked_in`, `no_kit`, `no_desk`,
    `out_of_stock` (with the item).
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if ref:
        earlier = list(
            Movement.objects.filter(client_ref=ref, kind=MovementKind.HANDOUT)
            .select_related("item", "created_by", "registration")
            .order_by("pk")
        )
        if earlier:
            return _given(earlier, earlier[0].registration, HandoutStatus.GIVEN, duplicate=True)
    if registration.event_id != event.pk:
        raise DomainError(_("This ticket is for another event."), code="wrong_event")
    # Together these two checks are `Registration.objects.attended()`; they stay apart so the
    # door can tell an unconfirmed person from one who has not been checked in yet.
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Only confirmed attendees receive a kit."), code="not_confirmed")
    if not CheckIn.objects.active().filter(registration=registration).exists():
        raise DomainError(_("Check the attendee in first."), code="not_checked_in")

    given = list(
        Movement.objects.filter(registration=registration, kind=MovementKind.HANDOUT)
        .select_related("item", "created_by")
        .order_by("pk")
    )
    if given:
        return _given(given, registration, HandoutStatus.ALREADY_GIVEN)

    kit = Kit.objects.filter(event=event, role=registration.role).first()
    lines = list(kit.items.select_related("item").order_by("pk")) if kit else []
    if not lines:
        raise DomainError(
            _("There is no kit for %(role)s at this event.") % {"role": registration.get_role_display()}, code="no_kit"
        )
    desk = desk_for(event)
    if desk is None:
        raise DomainError(_("This event has no handout desk yet."), code="no_desk")

    handed_at = scan_time(handed_at, timezone.now()) if handed_at else None
    try:
        with transaction.atomic():
            movements = post(
                [
                    MovementSpec(
                        MovementKind.HANDOUT,
                        line.item,
                        line.quantity,
                        from_holder=desk,
                        registration=registration,
                        client_ref=ref or None,
                        handed_at=handed_at,
                    )
                    for line in lines
                ],
                by=by,
            )
    except IntegrityError:
        # Only reachable if the registration lock was bypassed; report the first handout.
        return hand_out_kit(registration=registration, event=event, by=by, ref=ref, handed_at=handed_at)
    return _given(movements, registration, HandoutStatus.GIVEN)
