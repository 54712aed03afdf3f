"""Inventory rules. Every write to the ledger, the balances and the acts happens here.

Balances change only in `_post`, which locks every balance row it touches in primary-key
order (so two writers never deadlock) and refuses the whole batch if any source would go
below zero; the CHECK constraint `stock_not_negative` is the backstop. On SQLite
`select_for_update` is a no-op and IMMEDIATE transactions serialise the writers instead.
"""

import base64
import binascii
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import DomainError
from events.models import Event
from registration.models import CheckIn, Registration, RegistrationStatus

from .models import (
    ActCounter,
    ActKind,
    ActLine,
    ActStatus,
    Holder,
    HolderKind,
    ItemType,
    Kit,
    KitItem,
    Movement,
    MovementKind,
    StockBalance,
    TransferAct,
)

MAX_SIGNATURE_BYTES = 512 * 1024
# A drawn signature covers at least this many dark pixels; fewer is an empty or accidental pad.
MIN_SIGNATURE_INK = 40


@dataclass(frozen=True)
class MovementSpec:
    kind: str
    item: ItemType
    quantity: int
    from_holder: Holder | None = None
    to_holder: Holder | None = None
    registration: Registration | None = None
    act: TransferAct | None = None
    supplier: str = ""
    reason: str = ""


def _check_quantity(quantity) -> int:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise DomainError(_("The quantity must be a whole number greater than zero."), code="bad_quantity",
                          field="quantity")
    return quantity


def _out_of_stock(item: ItemType, holder: Holder, available: int, needed: int) -> DomainError:
    return DomainError(
        _("Not enough “%(item)s” at %(holder)s: %(available)s left, %(needed)s needed.")
        % {"item": item.name, "holder": holder.name, "available": available, "needed": needed},
        code="out_of_stock",
        extra={"item": item.name, "item_id": item.pk, "holder": holder.name, "available": available,
               "needed": needed},
    )


def _post(specs: list[MovementSpec], *, by) -> list[Movement]:
    """Record `specs` and update the balances, all or nothing. The caller holds a transaction.

    Raises DomainError `out_of_stock` (naming the first item short) before writing anything.
    """
    for spec in specs:
        _check_quantity(spec.quantity)
    delta: dict[tuple[int, int], int] = {}
    items = {spec.item.pk: spec.item for spec in specs}
    holders = {}
    for spec in specs:
        if spec.from_holder is not None:
            key = (spec.item.pk, spec.from_holder.pk)
            delta[key] = delta.get(key, 0) - spec.quantity
            holders[spec.from_holder.pk] = spec.from_holder
        if spec.to_holder is not None:
            key = (spec.item.pk, spec.to_holder.pk)
            delta[key] = delta.get(key, 0) + spec.quantity
            holders[spec.to_holder.pk] = spec.to_holder

    # Rows for destinations that never held the item yet; a concurrent creator is harmless.
    StockBalance.objects.bulk_create(
        [StockBalance(item_id=item_id, holder_id=holder_id, quantity=0) for item_id, holder_id in delta],
        ignore_conflicts=True,
    )
    pairs = Q(pk__in=[])
    for item_id, holder_id in delta:
        pairs |= Q(item_id=item_id, holder_id=holder_id)
    balances = list(StockBalance.objects.select_for_update().filter(pairs).order_by("pk"))

    for balance in balances:
        change = delta[(balance.item_id, balance.holder_id)]
        if balance.quantity + change < 0:
            raise _out_of_stock(items[balance.item_id], holders[balance.holder_id], balance.quantity, -change)
    for balance in balances:
        change = delta[(balance.item_id, balance.holder_id)]
        if change:
            balance.quantity += change
            balance.save(update_fields=["quantity"])

    return Movement.objects.bulk_create([
        Movement(kind=spec.kind, item=spec.item, quantity=spec.quantity, from_holder=spec.from_holder,
                 to_holder=spec.to_holder, registration=spec.registration, act=spec.act,
                 supplier=spec.supplier[:250], reason=spec.reason[:300], created_by=by)
        for spec in specs
    ])


# --- Direct movements (organiser forms) ------------------------------------------------------


@transaction.atomic
def receive_stock(*, item: ItemType, to_holder: Holder, quantity: int, supplier: str, by,
                  note: str = "") -> Movement:
    """Record units received from `supplier` into `to_holder`. Raises `bad_quantity`, `supplier_required`."""
    supplier = (supplier or "").strip()
    if not supplier:
        raise DomainError(_("Name the supplier."), code="supplier_required", field="supplier")
    return _post([MovementSpec(MovementKind.RECEIPT, item, _check_quantity(quantity), to_holder=to_holder,
                               supplier=supplier, reason=(note or "").strip())], by=by)[0]


@transaction.atomic
def transfer_stock(*, item: ItemType, from_holder: Holder, to_holder: Holder, quantity: int, by) -> Movement:
    """Move units between two different holders. Raises `same_holder`, `bad_quantity`, `out_of_stock`."""
    if from_holder.pk == to_holder.pk:
        raise DomainError(_("Choose two different holders."), code="same_holder", field="to_holder")
    return _post([MovementSpec(MovementKind.TRANSFER, item, _check_quantity(quantity), from_holder=from_holder,
                               to_holder=to_holder)], by=by)[0]


@transaction.atomic
def return_stock(*, item: ItemType, to_holder: Holder, quantity: int, reason: str, by) -> Movement:
    """Units brought back from outside the ledger (an attendee, a group) into `to_holder`.
    Raises `reason_required`, `bad_quantity`."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say who returned the units and why."), code="reason_required", field="reason")
    return _post([MovementSpec(MovementKind.RETURN, item, _check_quantity(quantity), to_holder=to_holder,
                               reason=reason)], by=by)[0]


@transaction.atomic
def write_off(*, item: ItemType, from_holder: Holder, quantity: int, reason: str, by) -> Movement:
    """Write off lost or damaged units. Raises `reason_required`, `bad_quantity`, `out_of_stock`."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the units are written off."), code="reason_required", field="reason")
    return _post([MovementSpec(MovementKind.WRITEOFF, item, _check_quantity(quantity), from_holder=from_holder,
                               reason=reason)], by=by)[0]


# --- Kits at the door ------------------------------------------------------------------------


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


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def desk_for(event: Event) -> Holder | None:
    return Holder.objects.filter(kind=HolderKind.DESK, event=event).first()


@transaction.atomic
def hand_out_kit(*, registration: Registration, event: Event, by) -> HandoutResult:
    """Give the attendee the kit of their role at `event`, from the event's desk, at most once.

    Locks the registration first (so two devices scanning one ticket give one kit), then the
    desk's balances in pk order. All or nothing: if any item is short, nothing is recorded.
    A repeated call returns `already_given` with when and by whom; the unique constraint on
    (registration, item) is the backstop.
    Raises DomainError `wrong_event`, `not_confirmed`, `not_checked_in`, `no_kit`, `no_desk`,
    `out_of_stock` (with the item).
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.event_id != event.pk:
        raise DomainError(_("This ticket is for another event."), code="wrong_event")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Only confirmed attendees receive a kit."), code="not_confirmed")
    if not CheckIn.objects.filter(registration=registration, undone_at__isnull=True).exists():
        raise DomainError(_("Check the attendee in first."), code="not_checked_in")

    given = list(Movement.objects.filter(registration=registration, kind=MovementKind.HANDOUT)
                 .select_related("item", "created_by").order_by("pk"))
    if given:
        return HandoutResult(HandoutStatus.ALREADY_GIVEN, registration,
                             [(m.item.name, m.quantity) for m in given], given[0].created_at,
                             _display_name(given[0].created_by))

    kit = Kit.objects.filter(event=event, role=registration.role).first()
    lines = list(kit.items.select_related("item").order_by("pk")) if kit else []
    if not lines:
        raise DomainError(_("There is no kit for %(role)s at this event.") % {"role": registration.get_role_display()},
                          code="no_kit")
    desk = desk_for(event)
    if desk is None:
        raise DomainError(_("This event has no handout desk yet."), code="no_desk")

    try:
        with transaction.atomic():
            movements = _post([MovementSpec(MovementKind.HANDOUT, line.item, line.quantity, from_holder=desk,
                                            registration=registration) for line in lines], by=by)
    except IntegrityError:
        # Only reachable if the registration lock was bypassed; report the first handout.
        return hand_out_kit(registration=registration, event=event, by=by)
    return HandoutResult(HandoutStatus.GIVEN, registration, [(m.item.name, m.quantity) for m in movements],
                         movements[0].created_at, _display_name(by))


# --- Acts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    name: str
    position: str = ""
    organisation: str = ""


def _check_act_holders(kind: str, from_holder: Holder | None, to_holder: Holder | None) -> None:
    ok = {
        ActKind.RECEIPT: from_holder is None and to_holder is not None,
        ActKind.TRANSFER: from_holder is not None and to_holder is not None and from_holder.pk != to_holder.pk,
        ActKind.HANDOUT: from_holder is not None and to_holder is None,
        ActKind.RETURN: (from_holder is None) != (to_holder is None),
    }.get(kind, False)
    if not ok:
        messages = {
            ActKind.RECEIPT: _("A receipt act names the holder who receives, and no giving holder."),
            ActKind.TRANSFER: _("A transfer act names two different holders."),
            ActKind.HANDOUT: _("A handout act names the holder who gives, and no receiving holder."),
            ActKind.RETURN: _("A return act names exactly one holder."),
        }
        raise DomainError(messages.get(kind, _("Unknown kind of act.")), code="bad_holders")


@transaction.atomic
def create_act(*, kind: str, act_date: date, from_holder: Holder | None, to_holder: Holder | None,
               giver: Party, receiver: Party, basis: str, lines: list[tuple[ItemType, int]], by,
               language: str = "kk", counter_act_of: TransferAct | None = None) -> TransferAct:
    """Create a draft act with its lines. Nothing moves until it is signed.

    Raises DomainError `no_lines`, `bad_quantity`, `duplicate_item`, `bad_holders`, `party_required`.
    """
    if not lines:
        raise DomainError(_("An act needs at least one line."), code="no_lines")
    seen = set()
    for item, quantity in lines:
        _check_quantity(quantity)
        if item.pk in seen:
            raise DomainError(_("“%(item)s” appears twice; put it on one line.") % {"item": item.name},
                              code="duplicate_item")
        seen.add(item.pk)
    _check_act_holders(kind, from_holder, to_holder)
    if not giver.name.strip() or not receiver.name.strip():
        raise DomainError(_("Name both the giver and the receiver."), code="party_required")
    act = TransferAct.objects.create(
        kind=kind, date=act_date, from_holder=from_holder, to_holder=to_holder,
        giver_name=giver.name.strip(), giver_position=giver.position.strip(),
        giver_organisation=giver.organisation.strip(),
        receiver_name=receiver.name.strip(), receiver_position=receiver.position.strip(),
        receiver_organisation=receiver.organisation.strip(),
        basis=(basis or "").strip(), language=language, counter_act_of=counter_act_of, created_by=by,
    )
    ActLine.objects.bulk_create([ActLine(act=act, item=item, quantity=quantity) for item, quantity in lines])
    return act


def decode_signature(data_url: str) -> bytes:
    """The bytes of a `data:image/png;base64,…` URL from the signature pad.
    Raises DomainError `bad_signature`."""
    prefix = "data:image/png;base64,"
    if not isinstance(data_url, str) or not data_url.startswith(prefix):
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature")
    encoded = data_url[len(prefix):]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise DomainError(_("The signature image is too large."), code="bad_signature")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature") from None


def validate_signature(content: bytes, *, field_name: str) -> None:
    """Accept only a decodable PNG of sensible size with some ink on it.
    Raises DomainError `bad_signature` or `blank_signature`."""
    if not content or len(content) > MAX_SIGNATURE_BYTES:
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature", field=field_name)
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != "PNG":
                raise DomainError(_("The signature is not a PNG image."), code="bad_signature", field=field_name)
            image.load()
            width, height = image.size
            if not (50 <= width <= 4000 and 20 <= height <= 4000):
                raise DomainError(_("The signature image has an unusual size."), code="bad_signature",
                                  field=field_name)
            canvas = Image.new("RGBA", image.size, "white")
            canvas.alpha_composite(image.convert("RGBA"))
            ink = sum(canvas.convert("L").point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(_("The signature is not a PNG image."), code="bad_signature", field=field_name) from None
    if ink < MIN_SIGNATURE_INK:
        raise DomainError(_("The signature is empty: sign in the box."), code="blank_signature", field=field_name)


def act_content(act: TransferAct, lines: list[ActLine], giver_png: bytes, receiver_png: bytes) -> dict:
    """What the content hash covers: every printed field, the lines and both signatures."""
    return {
        "year": act.year, "number": act.number, "date": act.date.isoformat(), "kind": act.kind,
        "from_holder": act.from_holder.name if act.from_holder_id else None,
        "to_holder": act.to_holder.name if act.to_holder_id else None,
        "giver": [act.giver_name, act.giver_position, act.giver_organisation],
        "receiver": [act.receiver_name, act.receiver_position, act.receiver_organisation],
        "basis": act.basis,
        "counter_act_of": act.counter_act_of_id and [act.counter_act_of.year, act.counter_act_of.number],
        "lines": [[line.item_id, line.item.name_kk, line.item.unit, line.quantity] for line in lines],
        "giver_signature": hashlib.sha256(giver_png).hexdigest(),
        "receiver_signature": hashlib.sha256(receiver_png).hexdigest(),
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _movement_kind(act_kind: str) -> str:
    return {ActKind.RECEIPT: MovementKind.RECEIPT, ActKind.TRANSFER: MovementKind.TRANSFER,
            ActKind.HANDOUT: MovementKind.HANDOUT, ActKind.RETURN: MovementKind.RETURN}[act_kind]


def _next_number(year: int) -> int:
    """The next act number of `year`, without gaps. The caller holds a transaction; the year's
    counter row stays locked until it commits, so two signers never take one number (the unique
    constraint on (year, number) is the backstop)."""
    ActCounter.objects.bulk_create([ActCounter(year=year)], ignore_conflicts=True)
    counter = ActCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def sign_act(*, act: TransferAct, giver_signature: bytes, receiver_signature: bytes, by) -> TransferAct:
    """Sign a draft act: number it, hash it, store both signatures and post its movements, in
    one transaction. The act row is locked, so a second signer waits and then gets
    `already_signed`. Raises DomainError `already_signed`, `no_lines`, `bad_signature`,
    `blank_signature`, `out_of_stock` (nothing is posted or stored then)."""
    act = (TransferAct.objects.select_for_update(of=("self",))
           .select_related("from_holder", "to_holder", "counter_act_of").get(pk=act.pk))
    if act.status == ActStatus.SIGNED:
        raise DomainError(_("This act is already signed (No. %(number)s/%(year)s).")
                          % {"number": act.number, "year": act.year}, code="already_signed")
    validate_signature(giver_signature, field_name="giver_signature")
    validate_signature(receiver_signature, field_name="receiver_signature")
    lines = list(act.lines.select_related("item").order_by("pk"))
    if not lines:
        raise DomainError(_("An act needs at least one line."), code="no_lines")

    kind = _movement_kind(act.kind)
    _post([MovementSpec(kind, line.item, line.quantity, from_holder=act.from_holder, to_holder=act.to_holder,
                        act=act, supplier=act.giver_organisation if kind == MovementKind.RECEIPT else "",
                        reason=_("Act") if kind == MovementKind.RETURN else "")
           for line in lines], by=by)

    act.year = act.date.year
    act.number = _next_number(act.year)
    act.content_hash = content_hash(act_content(act, lines, giver_signature, receiver_signature))
    act.giver_signature.save("giver.png", ContentFile(giver_signature), save=False)
    act.receiver_signature.save("receiver.png", ContentFile(receiver_signature), save=False)
    act.status = ActStatus.SIGNED
    act.signed_at = timezone.now()
    act.signed_by = by
    act.save()
    return act


@transaction.atomic
def counter_act(*, act: TransferAct, act_date: date, by) -> TransferAct:
    """A draft counter-act undoing a signed act: the same lines, the parties and holders swapped.
    Signing it posts the reverse movements. Raises DomainError `not_signed`, `already_countered`."""
    act = TransferAct.objects.select_for_update().get(pk=act.pk)
    if act.status != ActStatus.SIGNED:
        raise DomainError(_("Only a signed act can be undone; change or discard the draft instead."),
                          code="not_signed")
    if TransferAct.objects.filter(counter_act_of=act).exists():
        raise DomainError(_("This act already has a counter-act."), code="already_countered")
    from_holder, to_holder = act.to_holder, act.from_holder
    kind = ActKind.TRANSFER if from_holder and to_holder else ActKind.RETURN
    return create_act(
        kind=kind, act_date=act_date, from_holder=from_holder, to_holder=to_holder,
        giver=Party(act.receiver_name, act.receiver_position, act.receiver_organisation),
        receiver=Party(act.giver_name, act.giver_position, act.giver_organisation),
        basis=act.basis, lines=[(line.item, line.quantity) for line in act.lines.select_related("item")],
        by=by, language=act.language, counter_act_of=act,
    )


@transaction.atomic
def discard_draft(*, act: TransferAct) -> None:
    """Delete a draft act (nothing was posted). Raises DomainError `already_signed`."""
    act = TransferAct.objects.select_for_update().get(pk=act.pk)
    if act.status == ActStatus.SIGNED:
        raise DomainError(_("A signed act cannot be deleted; make a counter-act instead."), code="already_signed")
    act.delete()


@transaction.atomic
def set_kit(*, event: Event, role: str, quantities: dict[ItemType, int]) -> Kit:
    """Make the kit of `role` at `event` exactly `quantities` (0 leaves an item out).
    Raises DomainError `bad_quantity` for a negative quantity."""
    for quantity in quantities.values():
        if not isinstance(quantity, int) or quantity < 0:
            raise DomainError(_("The quantity must be a whole number greater than zero."), code="bad_quantity")
    kit, _created = Kit.objects.select_for_update().get_or_create(event=event, role=role)
    kit.items.all().delete()
    KitItem.objects.bulk_create([KitItem(kit=kit, item=item, quantity=quantity)
                                 for item, quantity in quantities.items() if quantity > 0])
    return kit
