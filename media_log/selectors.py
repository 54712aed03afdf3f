"""Reads of evidence and feedback: the organisers' list, an event's photos, and the raw rows
the monitoring app reads (keep those signatures stable).

This module counts nothing for the grant: which items count (rejected ones never, "agreed"
indicators only approved ones, the plan's period and events) is decided once, in
monitoring.readings, from `evidence_rows` and `feedback_counts_by_event`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from .models import Approval, EvidenceKind, Feedback, MediaItem


def feedback_counts_by_event(*, event_kind: str | None = None) -> dict[int, int]:
    """{event_id: number of feedback entries} for events with at least one (of `event_kind`, an
    `events.EventKind` value, when given)."""
    feedback = Feedback.objects.all()
    if event_kind:
        feedback = feedback.filter(registration__event__kind=event_kind)
    rows = (
        feedback.order_by()
        .values("registration__event_id")
        .annotate(n=Count("pk"))
        .values_list("registration__event_id", "n")
    )
    return dict(rows)


def photos_for_report(*, event) -> list[MediaItem]:
    """The event's photos that have thumbnails, oldest first."""
    return list(
        MediaItem.objects.filter(kind=EvidenceKind.PHOTO, event=event)
        .exclude(thumbnail="")
        .order_by("date", "created_at", "pk")
    )


def evidence_list(params) -> tuple[QuerySet, dict]:
    """The organisers' list with its filters from `params` (a QueryDict): kind, event, approval.
    Unknown values are ignored; returns the queryset and the filters applied."""
    items = MediaItem.objects.select_related("event").order_by("-date", "-created_at", "-pk")
    applied = {}
    if (kind := params.get("kind")) in EvidenceKind.values:
        items = items.filter(kind=kind)
        applied["kind"] = kind
    event = params.get("event", "")
    if event == "none":
        items = items.filter(event__isnull=True)
        applied["event"] = event
    elif event.isdigit():
        items = items.filter(event_id=int(event))
        applied["event"] = event
    if (approval := params.get("approval")) in Approval.values:
        items = items.filter(approval=approval)
        applied["approval"] = approval
    return items, applied


@dataclass(frozen=True)
class EvidenceRow:
    """What the grant's counts need of one evidence item."""

    pk: int
    kind: str
    event_id: int | None
    approval: str
    date: date
    street: str
    reach: int | None


def evidence_rows() -> list[EvidenceRow]:
    """Every evidence item as an `EvidenceRow`, in one query: the monitoring app reads them once
    per page and counts each indicator from them."""
    return [
        EvidenceRow(*values)
        for values in MediaItem.objects.order_by("pk").values_list(
            "pk", "kind", "event_id", "approval", "date", "street", "reach"
        )
    ]


def evidence_by_pks(pks) -> QuerySet:
    """The items with these primary keys, with their events, newest first."""
    return MediaItem.objects.filter(pk__in=list(pks)).select_related("event").order_by("-date", "-created_at", "-pk")
