"""The stock ledger: every change to a balance, and the organiser's direct movements.

Balances change only in `post`, the one choke point for every stock movement (handouts and
signed acts go through it too). It locks every balance row it touches in primary-key order (so
two writers never deadlock) and refuses the whole batch if any source would go below zero; the
CHECK constraint `stock_not_negative` is the backstop. On SQLite `select_for_update` is a no-op
and IMMEDIATE transactions serialise the writers instead.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import DomainError
from registration.models import Registration

from ..models import Holder, ItemType, Movement, MovementKind, StockBalance, TransferAct


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
    client_ref: str | None = None
    handed_at: datetime | None = None


def check_quantity(quantity) -> int:
    """`quantity` if it is a whole number above zero. Raises DomainError `bad_quantity`."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise DomainError(
            _("The quantity must be a whole number greater than zero."), code="bad_quantity", field="quantity"
        )
    return quantity


def _out_of_stock(item: ItemType, holder: Holder, available: int, needed: int) -> DomainError:
    return DomainError(
        _("Not enough “%(item)s” at %(holder)s: %(available)s left, %(needed)s needed.")
        % {"item": item.name, "holder": holder.name, "available": available, "needed": needed},
        code="out_of_stock",
        extra={"item": item.name, "item_id": item.pk, "holder": holder.name, "available": available, "needed": needed},
    )


def post(specs: list[MovementSpec], *, by) -> list[Movement]:
    """Record `specs` and update the balances, all or nothing. The caller holds a transaction.

    Raises DomainError `out_of_stock` (naming the first item short) before writing anything.
    """
    for spec in specs:
        check_quantity(spec.quantity)
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

    return Movement.objects.bulk_create(
        [
            Movement(
                kind=spec.kind,
                item=spec.item,
                quantity=spec.quantity,
                from_holder=spec.from_holder,
                to_holder=spec.to_holder,
                registration=spec.registration,
                act=spec.act,
                supplier=spec.supplier[:250],
                reason=spec.reason[:300],
                client_ref=spec.client_ref,
                handed_at=spec.handed_at,
                created_by=by,
            )
            for spec in specs
        ]
    )


# --- Direct movements (organiser forms) ------------------------------------------------------


@transaction.atomic
def receive_stock(*, item: ItemType, to_holder: Holder, quantity: int, supplier: str, by, note: str = "") -> Movement:
    """Record units received from `supplier` into `to_holder`. Raises `bad_quantity`, `supplier_required`."""
    supplier = (supplier or "").strip()
    if not supplier:
        raise DomainError(_("Name the supplier."), code="supplier_required", field="supplier")
    return post(
        [
            MovementSpec(
                MovementKind.RECEIPT,
                item,
                check_quantity(quantity),
                to_holder=to_holder,
                supplier=supplier,
                reason=(note or "").strip(),
            )
        ],
        by=by,
    )[0]


@transaction.atomic
def transfer_stock(*, item: ItemType, from_holder: Holder, to_holder: Holder, quantity: int, by) -> Movement:
    """Move units between two different holders. Raises `same_holder`, `bad_quantity`, `out_of_stock`."""
    if from_holder.pk == to_holder.pk:
        raise DomainError(_("Choose two different holders."), code="same_holder", field="to_holder")
    return post(
        [
            MovementSpec(
                MovementKind.TRANSFER, item, check_quantity(quantity), from_holder=from_holder, to_holder=to_holder
            )
        ],
        by=by,
    )[0]


@transaction.atomic
def return_stock(*, item: ItemType, to_holder: Holder, quantity: int, reason: str, by) -> Movement:
    """Units brought back from outside the ledger (an attendee, a group) into `to_holder`.
    Raises `reason_required`, `bad_quantity`."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say who returned the units and why."), code="reason_required", field="reason")
    return post(
        [MovementSpec(MovementKind.RETURN, item, check_quantity(quantity), to_holder=to_holder, reason=reason)], by=by
    )[0]


@transaction.atomic
def write_off(*, item: ItemType, from_holder: Holder, quantity: int, reason: str, by) -> Movement:
    """Write off lost or damaged units. Raises `reason_required`, `bad_quantity`, `out_of_stock`."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the units are written off."), code="reason_required", field="reason")
    return post(
        [MovementSpec(MovementKind.WRITEOFF, item, check_quantity(quantity), from_holder=from_holder, reason=reason)],
        by=by,
    )[0]
