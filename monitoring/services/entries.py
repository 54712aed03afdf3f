"""What organisers enter on the monitoring pages: figures typed by hand (with who and when),
evidence and signed acts filed under an indicator, and the item types of a grant item.

Every function here is idempotent where a double submit is likely (filing the same item twice
files it once; the unique constraints are the backstop) and refuses with a DomainError what
the indicator cannot take.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import Event
from inventory.models import ActStatus, ItemType, TransferAct
from media_log.models import MediaItem

from ..models import ActFiling, EvidenceFiling, GrantItem, Indicator, IndicatorSource, ManualValue
from ..readings import indicator_events

NOTE_MAX = 500


@transaction.atomic
def record_manual_value(
    *,
    indicator: Indicator,
    value: Decimal,
    by,
    event: Event | None = None,
    note: str = "",
    evidence_url: str = "",
    evidence_file=None,
) -> ManualValue:
    """Record a figure an organiser typed for an indicator no module counts. Values are never
    changed: a correction is a newer value. The actual is the newest value for the whole
    project plus the newest for each of the indicator's events once held (monitoring.readings).

    Raises DomainError `computed` (the system counts this indicator, it is never typed),
    `negative_value`, `wrong_event` (an event of another kind than the indicator's) or
    `outside_plan` (an event the indicator never counts: cancelled, a draft, or outside the
    plan's period or the indicator's month).
    """
    check_manual_value(indicator=indicator, value=value, event=event)
    return ManualValue.objects.create(
        indicator=indicator,
        event=event,
        value=Decimal(value),
        note=(note or "").strip()[:NOTE_MAX],
        evidence_url=(evidence_url or "").strip(),
        evidence_file=evidence_file or "",
        entered_by=by,
    )


def check_manual_value(*, indicator: Indicator, value: Decimal | None, event: Event | None) -> None:
    """The rules of `record_manual_value`, for an entry made elsewhere (the admin) as well."""
    if not indicator.is_manual:
        raise DomainError(_("This figure is counted by the system; it cannot be typed."), code="computed")
    if value is None or Decimal(value) < 0:
        raise DomainError(_("The value cannot be negative."), code="negative_value", field="value")
    if event is None:
        return
    if indicator.event_kind and event.kind != indicator.event_kind:
        raise DomainError(_("This event is of another kind than the indicator's."), code="wrong_event", field="event")
    if not indicator_events(indicator).filter(pk=event.pk).exists():
        raise DomainError(
            _(
                "This event is outside the grant plan: only published or finished events inside the indicator's "
                "period count, so its value would never count."
            ),
            code="outside_plan",
            field="event",
        )


@transaction.atomic
def file_evidence(*, indicator: Indicator, items: list[MediaItem], by) -> int:
    """File evidence items under an indicator that counts what is filed (e.g. the posts about
    the survey). Returns how many were filed now; items filed before are left as they are.

    Raises DomainError `not_filed` (the indicator counts its evidence by itself) or
    `wrong_kind` (naming the first item whose kind the indicator does not count); then
    nothing is filed.
    """
    if not indicator.takes_filing:
        raise DomainError(_("This indicator counts its evidence by itself."), code="not_filed")
    kinds = indicator.evidence_kinds
    if "*" not in kinds:
        for item in items:
            if item.kind not in kinds:
                raise DomainError(
                    _("“%(title)s” is not of a kind this indicator counts.") % {"title": item.title},
                    code="wrong_kind",
                )
    before = EvidenceFiling.objects.filter(indicator=indicator).count()
    EvidenceFiling.objects.bulk_create(
        [EvidenceFiling(indicator=indicator, item=item, filed_by=by) for item in items], ignore_conflicts=True
    )
    return EvidenceFiling.objects.filter(indicator=indicator).count() - before


def unfile_evidence(*, indicator: Indicator, item: MediaItem) -> bool:
    """Take an item off an indicator. Returns whether it was filed there."""
    deleted, _rows = EvidenceFiling.objects.filter(indicator=indicator, item=item).delete()
    return bool(deleted)


@transaction.atomic
def file_act(*, indicator: Indicator, act: TransferAct, by) -> bool:
    """File a signed acceptance–transfer act as the act with the grantor for an act indicator.
    Returns False when it was already filed there.

    Raises DomainError `not_act_indicator`, `not_signed` (a draft proves nothing yet) or
    `counter_act` (a counter-act undoes an act; it is never the act itself).
    """
    if indicator.source != IndicatorSource.GRANTOR_ACTS:
        raise DomainError(_("Acts are filed only under an act indicator."), code="not_act_indicator")
    if act.status != ActStatus.SIGNED:
        raise DomainError(_("Only a signed act can be filed."), code="not_signed")
    if act.counter_act_of_id is not None:
        raise DomainError(_("A counter-act undoes an act; file the act itself."), code="counter_act")
    _filing, created = ActFiling.objects.get_or_create(indicator=indicator, act=act, defaults={"filed_by": by})
    return created


def unfile_act(*, indicator: Indicator, act: TransferAct) -> bool:
    deleted, _rows = ActFiling.objects.filter(indicator=indicator, act=act).delete()
    return bool(deleted)


@transaction.atomic
def link_item_types(*, grant_item: GrantItem, item_types: list[ItemType]) -> None:
    """Say which item types of the inventory are this item of the grant (a "Flash drive 16 GB"
    and a "Flash drive 32 GB" are both the grant's flash drive). Replaces the previous links."""
    grant_item.item_types.set(item_types)
