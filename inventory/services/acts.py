"""Transfer acts: drafting, signing (which numbers, hashes and posts them), counter-acts.

A draft moves nothing. Signing posts the act's lines through `ledger.post` in the same
transaction that numbers the act without gaps and stores both signatures.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import (
    ActCounter,
    ActKind,
    ActLine,
    ActStatus,
    Holder,
    ItemType,
    MovementKind,
    StockBalance,
    TransferAct,
)
from .ledger import MovementSpec, check_quantity, post
from .signatures import validate_signature


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
            ActKind.RECEIPT: _("A receipt act names the stock location that receives, and none that gives."),
            ActKind.TRANSFER: _("A transfer act names two different stock locations."),
            ActKind.HANDOUT: _("A handout act names the stock location that gives, and none that receives."),
            ActKind.RETURN: _("A return act names exactly one stock location."),
        }
        raise DomainError(messages.get(kind, _("Unknown kind of act.")), code="bad_holders")


@transaction.atomic
def create_act(
    *,
    kind: str,
    act_date: date,
    from_holder: Holder | None,
    to_holder: Holder | None,
    giver: Party,
    receiver: Party,
    basis: str,
    lines: list[tuple[ItemType, int]],
    by,
    language: str = "kk",
    counter_act_of: TransferAct | None = None,
) -> TransferAct:
    """Create a draft act with its lines. Nothing moves until it is signed, so a draft may ask
    for more than the giver holds (`draft_shortages` says how much is missing).

    Raises DomainError `no_lines`, `bad_quantity`, `duplicate_item`, `bad_holders`, `party_required`.
    """
    _check_draft(kind, from_holder, to_holder, giver, receiver, lines)
    act = TransferAct.objects.create(
        kind=kind,
        date=act_date,
        from_holder=from_holder,
        to_holder=to_holder,
        giver_name=giver.name.strip(),
        giver_position=giver.position.strip(),
        giver_organisation=giver.organisation.strip(),
        receiver_name=receiver.name.strip(),
        receiver_position=receiver.position.strip(),
        receiver_organisation=receiver.organisation.strip(),
        basis=(basis or "").strip(),
        language=language,
        counter_act_of=counter_act_of,
        created_by=by,
    )
    ActLine.objects.bulk_create([ActLine(act=act, item=item, quantity=quantity) for item, quantity in lines])
    return act


def _check_draft(
    kind: str,
    from_holder: Holder | None,
    to_holder: Holder | None,
    giver: Party,
    receiver: Party,
    lines: list[tuple[ItemType, int]],
) -> None:
    if not lines:
        raise DomainError(_("An act needs at least one line."), code="no_lines")
    seen = set()
    for item, quantity in lines:
        check_quantity(quantity)
        if item.pk in seen:
            raise DomainError(
                _("“%(item)s” appears twice; put it on one line.") % {"item": item.name}, code="duplicate_item"
            )
        seen.add(item.pk)
    _check_act_holders(kind, from_holder, to_holder)
    if not giver.name.strip() or not receiver.name.strip():
        raise DomainError(_("Name both the giver and the receiver."), code="party_required")


@transaction.atomic
def update_draft(
    *,
    act: TransferAct,
    kind: str,
    act_date: date,
    from_holder: Holder | None,
    to_holder: Holder | None,
    giver: Party,
    receiver: Party,
    basis: str,
    lines: list[tuple[ItemType, int]],
    language: str = "kk",
) -> TransferAct:
    """Change a draft act: its kind, date, stock locations, parties, basis, language and lines
    (replaced as given). Locks the act, so a draft being signed is not changed under the signers.

    Raises DomainError `already_signed` for a signed act, `counter_act` for a counter-act (its
    lines must stay those of the act it undoes; delete it instead), and the errors of create_act.
    """
    act = TransferAct.objects.select_for_update().get(pk=act.pk)
    if act.status == ActStatus.SIGNED:
        raise DomainError(_("A signed act cannot be changed; make a counter-act instead."), code="already_signed")
    if act.counter_act_of_id:
        raise DomainError(
            _("A counter-act repeats the act it undoes and cannot be changed; delete it instead."),
            code="counter_act",
        )
    _check_draft(kind, from_holder, to_holder, giver, receiver, lines)
    act.kind, act.date, act.from_holder, act.to_holder = kind, act_date, from_holder, to_holder
    act.giver_name, act.giver_position, act.giver_organisation = (
        giver.name.strip(),
        giver.position.strip(),
        giver.organisation.strip(),
    )
    act.receiver_name, act.receiver_position, act.receiver_organisation = (
        receiver.name.strip(),
        receiver.position.strip(),
        receiver.organisation.strip(),
    )
    act.basis, act.language = (basis or "").strip(), language
    act.save()
    act.lines.all().delete()
    ActLine.objects.bulk_create([ActLine(act=act, item=item, quantity=quantity) for item, quantity in lines])
    return act


@dataclass(frozen=True)
class LineStock:
    """A line of a draft beside what its giving stock location holds of the item."""

    line: ActLine
    held: int | None  # None when the giver is outside the project (a supplier)

    @property
    def short(self) -> int:
        return max(self.line.quantity - self.held, 0) if self.held is not None else 0


def draft_stock(act: TransferAct) -> list[LineStock]:
    """The act's lines, each with what the giving stock location holds now, in two queries:
    a draft shows a shortage before anyone signs (signing refuses it with `out_of_stock`)."""
    lines = list(act.lines.select_related("item").order_by("pk"))
    if not act.from_holder_id:
        return [LineStock(line, None) for line in lines]
    held = dict(
        StockBalance.objects.filter(
            holder_id=act.from_holder_id, item_id__in=[line.item_id for line in lines]
        ).values_list("item_id", "quantity")
    )
    return [LineStock(line, held.get(line.item_id, 0)) for line in lines]


def _printed_content(act: TransferAct, lines: list[ActLine]) -> dict:
    """Every printed field of the act and its lines: what the signers read."""
    return {
        "year": act.year,
        "number": act.number,
        "date": act.date.isoformat(),
        "kind": act.kind,
        "from_holder": act.from_holder.name if act.from_holder_id else None,
        "to_holder": act.to_holder.name if act.to_holder_id else None,
        "giver": [act.giver_name, act.giver_position, act.giver_organisation],
        "receiver": [act.receiver_name, act.receiver_position, act.receiver_organisation],
        "basis": act.basis,
        "counter_act_of": act.counter_act_of_id and [act.counter_act_of.year, act.counter_act_of.number],
        "lines": [[line.item_id, line.item.name_kk, line.item.unit, line.quantity] for line in lines],
    }


def act_content(act: TransferAct, lines: list[ActLine], giver_png: bytes, receiver_png: bytes) -> dict:
    """What the content hash covers: every printed field, the lines and both signatures."""
    return {
        **_printed_content(act, lines),
        "giver_signature": hashlib.sha256(giver_png).hexdigest(),
        "receiver_signature": hashlib.sha256(receiver_png).hexdigest(),
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def draft_fingerprint(act: TransferAct, lines: list[ActLine]) -> str:
    """A hash of the draft as shown to the signers (the printed fields of `act_content` and the
    `lines`, in the order shown). The sign form carries it, and `sign_act` refuses to sign a draft
    whose fingerprint has changed since, so nobody signs content they were not shown. Saving a
    draft unchanged keeps its fingerprint."""
    return content_hash(_printed_content(act, lines))


def _movement_kind(act_kind: str) -> str:
    return {
        ActKind.RECEIPT: MovementKind.RECEIPT,
        ActKind.TRANSFER: MovementKind.TRANSFER,
        ActKind.HANDOUT: MovementKind.HANDOUT,
        ActKind.RETURN: MovementKind.RETURN,
    }[act_kind]


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
def sign_act(
    *, act: TransferAct, giver_signature: bytes, receiver_signature: bytes, by, fingerprint: str | None = None
) -> TransferAct:
    """Sign a draft act: number it, hash it, store both signatures and post its movements, in
    one transaction. The act row is locked, so a second signer waits and then gets
    `already_signed`, and a draft being edited waits for the edit to commit.

    `fingerprint` is the `draft_fingerprint` of the draft as the signers were shown it: when it
    no longer matches the draft (edited meanwhile), nothing is signed (`draft_changed`). Every
    page that takes signatures must pass it; None is only for signing server-side what nobody
    was shown (demo data, tests).

    Raises DomainError `already_signed`, `draft_changed`, `no_lines`, `bad_signature`,
    `blank_signature`, `out_of_stock` (nothing is posted or stored then)."""
    act = (
        TransferAct.objects.select_for_update(of=("self",))
        .select_related("from_holder", "to_holder", "counter_act_of")
        .get(pk=act.pk)
    )
    if act.status == ActStatus.SIGNED:
        raise DomainError(
            _("This act is already signed (No. %(number)s/%(year)s).") % {"number": act.number, "year": act.year},
            code="already_signed",
        )
    lines = list(act.lines.select_related("item").order_by("pk"))
    if fingerprint is not None and fingerprint != draft_fingerprint(act, lines):
        raise DomainError(
            _("The draft was changed after this page was opened; check it and sign again."), code="draft_changed"
        )
    validate_signature(giver_signature, field_name="giver_signature")
    validate_signature(receiver_signature, field_name="receiver_signature")
    if not lines:
        raise DomainError(_("An act needs at least one line."), code="no_lines")

    kind = _movement_kind(act.kind)
    post(
        [
            MovementSpec(
                kind,
                line.item,
                line.quantity,
                from_holder=act.from_holder,
                to_holder=act.to_holder,
                act=act,
                supplier=act.giver_organisation if kind == MovementKind.RECEIPT else "",
                reason=_("Act") if kind == MovementKind.RETURN else "",
            )
            for line in lines
        ],
        by=by,
    )

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
        raise DomainError(_("Only a signed act can be undone; change or discard the draft instead."), code="not_signed")
    if TransferAct.objects.filter(counter_act_of=act).exists():
        raise DomainError(_("This act already has a counter-act."), code="already_countered")
    from_holder, to_holder = act.to_holder, act.from_holder
    kind = ActKind.TRANSFER if from_holder and to_holder else ActKind.RETURN
    return create_act(
        kind=kind,
        act_date=act_date,
        from_holder=from_holder,
        to_holder=to_holder,
        giver=Party(act.receiver_name, act.receiver_position, act.receiver_organisation),
        receiver=Party(act.giver_name, act.giver_position, act.giver_organisation),
        basis=act.basis,
        lines=[(line.item, line.quantity) for line in act.lines.select_related("item")],
        by=by,
        language=act.language,
        counter_act_of=act,
    )


@transaction.atomic
def discard_draft(*, act: TransferAct) -> None:
    """Delete a draft act (nothing was posted). Raises DomainError `already_signed`."""
    act = TransferAct.objects.select_for_update().get(pk=act.pk)
    if act.status == ActStatus.SIGNED:
        raise DomainError(_("A signed act cannot be deleted; make a counter-act instead."), code="already_signed")
    act.delete()
