from datetime import date

import pytest

from events.models import EventKind
from media_log import selectors
from media_log.models import Approval, EvidenceKind
from tests.factories import EventFactory, RegistrationFactory

from .factories import FeedbackFactory, MediaItemFactory

pytestmark = pytest.mark.django_db


def test_evidence_rows_are_every_item_rejected_ones_included():
    """The rows are raw: which of them count is monitoring.readings' rule, not this module's."""
    event = EventFactory()
    kept = MediaItemFactory(kind=EvidenceKind.PHOTO, event=event, date=date(2024, 9, 1))
    rejected = MediaItemFactory(
        kind=EvidenceKind.PRESS, event=None, approval=Approval.REJECTED, approved_on=date(2024, 9, 2), outlet="Adyrna"
    )

    rows = selectors.evidence_rows()

    assert [(row.pk, row.kind, row.event_id, row.approval) for row in rows] == [
        (kept.pk, EvidenceKind.PHOTO, event.pk, kept.approval),
        (rejected.pk, EvidenceKind.PRESS, None, Approval.REJECTED),
    ]


def test_evidence_by_pks_newest_first():
    event = EventFactory()
    old = MediaItemFactory(kind=EvidenceKind.PRESS, event=event, date=date(2024, 9, 1))
    new = MediaItemFactory(kind=EvidenceKind.PRESS, event=event, date=date(2024, 10, 1))
    same_day_later = MediaItemFactory(kind=EvidenceKind.PRESS, event=event, date=date(2024, 10, 1))
    other = MediaItemFactory(kind=EvidenceKind.PRESS, event=None, date=date(2024, 11, 1))
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=event)

    assert list(selectors.evidence_by_pks([old.pk, new.pk, same_day_later.pk])) == [same_day_later, new, old]
    assert list(selectors.evidence_by_pks({other.pk, old.pk})) == [other, old]


def test_evidence_by_pks_in_one_query(django_assert_num_queries):
    event = EventFactory()
    pks = [item.pk for item in MediaItemFactory.create_batch(3, kind=EvidenceKind.PRESS, event=event)]

    with django_assert_num_queries(1):
        titles = [(item.title, item.event.title) for item in selectors.evidence_by_pks(pks)]
    assert len(titles) == 3


def test_feedback_counts_by_event():
    youth = EventFactory(kind=EventKind.YOUTH_SESSION)
    seminar = EventFactory(kind=EventKind.BUDGET_SEMINAR)
    FeedbackFactory.create_batch(2, registration__event=youth)
    FeedbackFactory(registration__event=seminar)

    assert selectors.feedback_counts_by_event() == {youth.pk: 2, seminar.pk: 1}
    assert selectors.feedback_counts_by_event(event_kind=EventKind.YOUTH_SESSION) == {youth.pk: 2}
    assert selectors.feedback_counts_by_event(event_kind=EventKind.CONFERENCE) == {}


def test_no_feedback_counts_nothing():
    RegistrationFactory()

    assert selectors.feedback_counts_by_event() == {}


def test_photos_for_report_oldest_first_with_thumbnails_only():
    event = EventFactory()
    late = MediaItemFactory(kind=EvidenceKind.PHOTO, event=event, date=date(2024, 10, 2), thumbnail="t/b.jpg")
    early = MediaItemFactory(kind=EvidenceKind.PHOTO, event=event, date=date(2024, 10, 1), thumbnail="t/a.jpg")
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=event, date=date(2024, 9, 1))  # a link, no thumbnail
    MediaItemFactory(kind=EvidenceKind.BANNER, event=event, thumbnail="t/c.jpg")
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=EventFactory(), thumbnail="t/d.jpg")

    assert selectors.photos_for_report(event=event) == [early, late]


def test_evidence_list_filters():
    youth = EventFactory()
    press = MediaItemFactory(kind=EvidenceKind.PRESS, event=youth, approval=Approval.PENDING)
    eventless = MediaItemFactory(kind=EvidenceKind.PHOTO, event=None)
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=youth)

    items, applied = selectors.evidence_list({"kind": "press", "event": str(youth.pk), "approval": "pending"})
    assert (list(items), applied) == ([press], {"kind": "press", "event": str(youth.pk), "approval": "pending"})
    items, applied = selectors.evidence_list({"event": "none", "kind": "selfie", "approval": "x"})
    assert (list(items), applied) == ([eventless], {"event": "none"})
