from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from core.auth import require_perm, session_or_token
from core.errors import DomainError
from core.schemas import ConflictOut, ErrorOut, ValidationErrorOut
from events.models import Event
from registration.checkin import REF_DESCRIPTION, REF_PATTERN, DeviceTime
from registration.selectors import registration_by_code
from registration.services import parse_ticket_code

from . import selectors, services
from .models import Kit

router = Router(tags=["inventory"])


class HandoutIn(Schema):
    code: str = Field(min_length=1, max_length=512, description="The ticket code or the ticket's URL from the QR.")
    event: str = Field(max_length=80, description="The event's slug.")
    ref: str | None = Field(None, pattern=REF_PATTERN, description=REF_DESCRIPTION)
    handed_at: DeviceTime | None = Field(
        None, description="When the kit was handed out, for one queued offline (with a UTC offset; clamped to now)."
    )


class HandoutItemOut(Schema):
    name: str
    quantity: int


class HandoutOut(Schema):
    result: str = Field(description="`given` now, or `already_given` earlier (see given_at, given_by).")
    message: str
    name: str
    items: list[HandoutItemOut]
    given_at: datetime | None
    given_by: str
    duplicate: bool = Field(False, description="True when `ref` was received before: this is the first answer again.")


class OutOfStockOut(ConflictOut):
    item: str | None = Field(None, description="With `out_of_stock`: the item short.")
    item_id: int | None = None
    holder: str | None = Field(None, description="With `out_of_stock`: where it is short (the event's desk).")
    available: int | None = None
    needed: int | None = None


@router.post(
    "/handouts",
    response={
        200: HandoutOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: OutOfStockOut,
        422: ValidationErrorOut,
    },
    auth=session_or_token,
)
def create_handout(request, payload: HandoutIn):
    """Give a checked-in attendee the kit of their role, from the event's handout desk
    (volunteers and organisers; session or Bearer token).

    `result` is `given` (one handout recorded per kit item) or `already_given` with when and by
    whom; a kit is given at most once, even when two devices send the same ticket at once.
    409 `out_of_stock` names the item short and records nothing; 409 `not_checked_in`,
    `wrong_event`, `not_confirmed`, `no_kit`, `no_desk`, `unknown` (no such ticket); 404 for an unknown event.
    With `ref`, a retry after a lost answer is recognised: the first answer again, `duplicate: true`.
    `handed_at` records when a kit queued offline was given (422 without a UTC offset)."""
    require_perm(request, "inventory.hand_out_kit", _("Only volunteers and organisers can hand out kits."))
    event = get_object_or_404(Event, slug=payload.event)
    registration = registration_by_code(parse_ticket_code(payload.code))
    if registration is None:
        raise DomainError(_("Unknown ticket"), code="unknown")
    outcome = services.hand_out_kit(
        registration=registration, event=event, by=request.user, ref=payload.ref, handed_at=payload.handed_at
    )
    message = _("Kit given.") if outcome.result == services.HandoutStatus.GIVEN else _("The kit was already given.")
    return {
        "result": outcome.result,
        "message": message,
        "name": outcome.registration.full_name,
        "items": [{"name": name, "quantity": quantity} for name, quantity in outcome.items],
        "given_at": outcome.given_at,
        "given_by": outcome.given_by,
        "duplicate": outcome.duplicate,
    }


class KitOut(Schema):
    role: str
    role_label: str
    items: list[HandoutItemOut]


class DeskOut(Schema):
    desk: str | None
    kits: list[KitOut]
    stock: list[HandoutItemOut]


@router.get(
    "/events/{slug}/desk",
    response={200: DeskOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=session_or_token,
)
def event_desk(request, slug: str):
    """What the door needs: the kits of the event per role and the stock left at its handout desk."""
    require_perm(request, "inventory.view_kit")
    event = get_object_or_404(Event, slug=slug)
    desk = services.desk_for(event)
    kits = Kit.objects.filter(event=event).prefetch_related("items__item").order_by("role")
    return {
        "desk": desk.name if desk else None,
        "kits": [
            {
                "role": kit.role,
                "role_label": str(kit.get_role_display()),
                "items": [{"name": line.item.name, "quantity": line.quantity} for line in kit.items.all()],
            }
            for kit in kits
        ],
        "stock": [{"name": b.item.name, "quantity": b.quantity} for b in selectors.stock_balances(holder=desk)]
        if desk
        else [],
    }
