"""Reads of evidence and feedback. This module is the contract the monitoring app uses:
keep the signatures stable.

`event` may be an Event or its primary key. `event_kind` is an `events.EventKind` value and
keeps only items (or feedback) of events of that kind, so it never counts event-less items.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from .models import Approval, EvidenceKind, Feedback, MediaItem


def _evidence(*, kind: str, event=None, event_kind: str | None = None, approved_only: bool = False) -> QuerySet:
    items = MediaItem.objects.filter(kind=kind)
    if event is not None:
        items = items.filter(event=event)
    if event_kind:
        items = items.filter(event__kind=event_kind)
    if approved_only:
        items = items.filter(approval=Approval.APPROVED)
    return items


def evidence_count(*, kind: str, event=None, event_kind: str | None = None, approved_only: bool = False) -> int:
    """Items of `kind`. Without `event` and `event_kind`: the whole project, event-less items
    included. `approved_only` counts only items the grantor approved (status "approved")."""
    return _evidence(kind=kind, event=event, event_kind=event_kind, approved_only=approved_only).count()


def evidence_counts_by_event(*, kind: str, event_kind: str | None = None) -> dict[int, int]:
    """{event_id: number of items of `kind`} for events with at least one; event-less items are left out."""
    rows = (
        _evidence(kind=kind, event_kind=event_kind)
        .filter(event__isnull=False)
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
    )
    return dict(rows)


def evidence_for(*, kind: str, event=None) -> QuerySet:
    """Items of `kind` (of `event`, or of the whole project), newest first, for links to the evidence."""
    return _evidence(kind=kind, event=event).select_related("event").order_by("-date", "-created_at", "-pk")


def _feedback(*, event=None, event_kind: str | None = None) -> QuerySet:
    feedback = Feedback.objects.all()
    if event is not None:
        feedback = feedback.filter(registration__event=event)
    if event_kind:
        feedback = feedback.filter(registration__event__kind=event_kind)
    return feedback


def feedback_count(*, event=None, event_kind: str | None = None) -> int:
    return _feedback(event=event, event_kind=event_kind).count()


def feedback_counts_by_event(*, event_kind: str | None = None) -> dict[int, int]:
    """{event_id: number of feedback entries} for events with at least one."""
    rows = (
        _feedback(event_kind=event_kind)
        .order_by()
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
