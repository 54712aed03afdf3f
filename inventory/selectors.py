"""Reads of the inventory: balances, the ledger, acts and the reports."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from core.i18n import pick_translation
from events.models import Event
from registration.models import CheckIn

from . import pdf
from .models import (
    ActLine,
    ActStatus,
    Holder,
    HolderKind,
    ItemType,
    Movement,
    MovementKind,
    StockBalance,
    TransferAct,
)


def stock_balances(*, item: ItemType | None = None, holder: Holder | None = None):
    balances = StockBalance.objects.select_related("item", "holder__event").order_by(
        "item__name_kk", "holder__kind", "holder__name", "pk"
    )
    if item is not None:
        balances = balances.filter(item=item)
    if holder is not None:
        balances = balances.filter(holder=holder)
    return balances


def stock_balance(*, item: ItemType, holder: Holder) -> int:
    return StockBalance.objects.filter(item=item, holder=holder).values_list("quantity", flat=True).first() or 0


def ledger(params) -> tuple:
    """Movements filtered by `params` (item, holder, kind); returns the queryset and the applied filters."""
    movements = Movement.objects.select_related(
        "item", "from_holder", "to_holder", "registration", "act", "created_by"
    ).order_by("-created_at", "-pk")
    applied = {}
    if (item := params.get("item", "")).isdigit():
        movements = movements.filter(item_id=int(item))
        applied["item"] = int(item)
    if (holder := params.get("holder", "")).isdigit():
        movements = movements.filter(Q(from_holder_id=int(holder)) | Q(to_holder_id=int(holder)))
        applied["holder"] = int(holder)
    if (kind := params.get("kind")) in MovementKind.values:
        movements = movements.filter(kind=kind)
        applied["kind"] = kind
    return movements, applied


def acts(params) -> tuple:
    """Acts filtered by `params` (year, status, holder); returns the queryset and the applied filters."""
    queryset = (
        TransferAct.objects.select_related("from_holder", "to_holder", "counter_act_of")
        .annotate(line_count=Count("lines"))
        .order_by("-date", "-pk")
    )
    applied = {}
    if (year := params.get("year", "")).isdigit():
        queryset = queryset.filter(date__year=int(year))
        applied["year"] = int(year)
    if (status := params.get("status")) in ActStatus.values:
        queryset = queryset.filter(status=status)
        applied["status"] = status
    if (holder := params.get("holder", "")).isdigit():
        queryset = queryset.filter(Q(from_holder_id=int(holder)) | Q(to_holder_id=int(holder)))
        applied["holder"] = int(holder)
    return queryset, applied


def act_years() -> list[int]:
    return sorted({d.year for d in TransferAct.objects.dates("date", "year")}, reverse=True)


@dataclass(frozen=True)
class ItemReportRow:
    item: ItemType
    received: int
    transferred: int
    handed_out: int
    returned_in: int
    returned_out: int
    written_off: int
    on_hand: int

    @property
    def expected(self) -> int:
        """What the ledger says should be on hand."""
        return self.received + self.returned_in - self.handed_out - self.written_off - self.returned_out

    @property
    def difference(self) -> int:
        return self.on_hand - self.expected


def _sum(kind: str, **extra) -> Sum:
    return Sum("movements__quantity", filter=Q(movements__kind=kind, **extra), default=0)


def item_report() -> list[ItemReportRow]:
    """Per item: received, transferred, handed out, returned, written off and on hand, in two queries."""
    items = ItemType.objects.annotate(
        received=_sum(MovementKind.RECEIPT),
        transferred=_sum(MovementKind.TRANSFER),
        handed_out=_sum(MovementKind.HANDOUT),
        returned_in=_sum(MovementKind.RETURN, movements__to_holder__isnull=False),
        returned_out=_sum(MovementKind.RETURN, movements__from_holder__isnull=False),
        written_off=_sum(MovementKind.WRITEOFF),
    ).order_by("name_kk", "pk")
    on_hand = dict(StockBalance.objects.values("item").annotate(n=Sum("quantity")).values_list("item", "n"))
    return [
        ItemReportRow(
            item,
            item.received,
            item.transferred,
            item.handed_out,
            item.returned_in,
            item.returned_out,
            item.written_off,
            on_hand.get(item.pk, 0),
        )
        for item in items
    ]


@dataclass(frozen=True)
class HolderDifference:
    item: ItemType
    holder: Holder
    ledger: int
    balance: int


def holder_differences() -> list[HolderDifference]:
    """(item, holder) pairs whose balance differs from the sum of their movements: should be none."""
    net: dict[tuple[int, int], int] = {}
    for item_id, holder_id, n in (
        Movement.objects.filter(to_holder__isnull=False).values_list("item", "to_holder").annotate(n=Sum("quantity"))
    ):
        net[(item_id, holder_id)] = net.get((item_id, holder_id), 0) + n
    for item_id, holder_id, n in (
        Movement.objects.filter(from_holder__isnull=False)
        .values_list("item", "from_holder")
        .annotate(n=Sum("quantity"))
    ):
        net[(item_id, holder_id)] = net.get((item_id, holder_id), 0) - n
    balances = {(b.item_id, b.holder_id): b for b in StockBalance.objects.select_related("item", "holder")}
    keys = set(net) | set(balances)
    items = {i.pk: i for i in ItemType.objects.filter(pk__in={k[0] for k in keys})}
    holders = {h.pk: h for h in Holder.objects.filter(pk__in={k[1] for k in keys})}
    differences = []
    for key in sorted(keys):
        balance = balances[key].quantity if key in balances else 0
        if balance != net.get(key, 0):
            differences.append(HolderDifference(items[key[0]], holders[key[1]], net.get(key, 0), balance))
    return differences


@dataclass(frozen=True)
class EventReportRow:
    event: Event
    desk: Holder | None
    items: list[tuple[ItemType, int, int, int]]  # item, brought to the desk (net), handed out, left at the desk
    checked_in: int
    kits_given: int

    @property
    def without_kit(self) -> int:
        return max(self.checked_in - self.kits_given, 0)


def event_report() -> list[EventReportRow]:
    """Per event with a handout desk: units brought, handed out and left, and check-ins without a kit."""
    desks = list(Holder.objects.filter(kind=HolderKind.DESK).select_related("event").order_by("-event__start_at"))
    rows = []
    items = {i.pk: i for i in ItemType.objects.all()}
    for desk in desks:
        brought_in = dict(Movement.objects.filter(to_holder=desk).values_list("item").annotate(n=Sum("quantity")))
        taken_away = dict(
            Movement.objects.filter(from_holder=desk)
            .exclude(kind=MovementKind.HANDOUT)
            .values_list("item")
            .annotate(n=Sum("quantity"))
        )
        handed = dict(
            Movement.objects.filter(from_holder=desk, kind=MovementKind.HANDOUT)
            .values_list("item")
            .annotate(n=Sum("quantity"))
        )
        left = dict(StockBalance.objects.filter(holder=desk).values_list("item", "quantity"))
        ids = sorted(set(brought_in) | set(handed) | set(left), key=lambda pk: items[pk].name_kk)
        lines = [
            (items[pk], brought_in.get(pk, 0) - taken_away.get(pk, 0), handed.get(pk, 0), left.get(pk, 0)) for pk in ids
        ]
        checked_in = CheckIn.objects.active().filter(registration__event=desk.event).count()
        kits_given = (
            Movement.objects.filter(kind=MovementKind.HANDOUT, registration__event=desk.event)
            .values("registration")
            .distinct()
            .count()
        )
        rows.append(EventReportRow(desk.event, desk, lines, checked_in, kits_given))
    return rows


def _read(field_file) -> bytes | None:
    if not field_file:
        return None
    with field_file.open("rb") as handle:
        return handle.read()


def act_document(act: TransferAct, language: str | None = None) -> pdf.ActData:
    """The plain data of `act` for its PDF, in `language` (kk or ru; the act's own by default)."""
    language = language if language in ("kk", "ru") else act.language
    lines = act.lines.select_related("item").order_by("pk")
    counter = act.counter_act_of
    return pdf.ActData(
        language=language,
        number=act.number,
        year=act.year,
        date=act.date,
        giver=pdf.PartyData(act.giver_name, act.giver_position, act.giver_organisation),
        receiver=pdf.PartyData(act.receiver_name, act.receiver_position, act.receiver_organisation),
        basis=act.basis,
        lines=[
            pdf.ActLineData(pick_translation(line.item, "name", language), line.item.unit, line.quantity)
            for line in lines
        ],
        source=act.from_holder.name if act.from_holder_id else "",
        target=act.to_holder.name if act.to_holder_id else "",
        content_hash=act.content_hash,
        signed_at=timezone.localtime(act.signed_at) if act.signed_at else None,
        giver_signature=_read(act.giver_signature),
        receiver_signature=_read(act.receiver_signature),
        counter_of=(counter.number, counter.year) if counter is not None and counter.number else None,
    )


@dataclass(frozen=True)
class ActSummary:
    """An act as the grant's counts read it: signed or not, undone by a signed counter-act or
    not, and its quantity per item type."""

    pk: int
    number: int | None
    year: int | None
    date: object
    signed: bool
    undone: bool
    lines: dict[int, int]

    @property
    def counts(self) -> bool:
        return self.signed and not self.undone


def act_summaries(act_ids) -> dict[int, ActSummary]:
    """{act id: ActSummary} for the acts with these ids, in two queries."""
    undone = TransferAct.objects.filter(counter_act_of=OuterRef("pk"), status=ActStatus.SIGNED)
    acts = (
        TransferAct.objects.filter(pk__in=list(act_ids))
        .annotate(undone=Exists(undone))
        .values_list("pk", "number", "year", "date", "status", "undone")
    )
    lines: dict[int, dict[int, int]] = {}
    for act_id, item_id, quantity in ActLine.objects.filter(act_id__in=list(act_ids)).values_list(
        "act_id", "item_id", "quantity"
    ):
        lines.setdefault(act_id, {})[item_id] = quantity
    return {
        pk: ActSummary(pk, number, year, day, status == ActStatus.SIGNED, undone, lines.get(pk, {}))
        for pk, number, year, day, status, undone in acts
    }


def net_handed_out_by_item() -> dict[int, int]:
    """{item type id: units handed out less units brought back}, in one query.

    Handouts are kits given at the door and handout acts to a group; a return into a holder
    (someone brought units back, or a counter-act of a handout act was signed) is subtracted.
    A return to the supplier (out of a holder) never left through a handout, so it is not."""
    rows = (
        Movement.objects.filter(Q(kind=MovementKind.HANDOUT) | Q(kind=MovementKind.RETURN, to_holder__isnull=False))
        .values("item_id")
        .annotate(
            out=Sum("quantity", filter=Q(kind=MovementKind.HANDOUT), default=0),
            back=Sum("quantity", filter=Q(kind=MovementKind.RETURN), default=0),
        )
        .values_list("item_id", "out", "back")
    )
    return {item_id: out - back for item_id, out, back in rows}
