from datetime import date

import pytest

from events.models import EventKind
from media_log import selectors
from media_log.models import Approval, EvidenceKind
from tests.factories import EventFactory, RegistrationFactory

from .factories import FeedbackFactory, MediaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    youth = EventFactory(kind=EventKind.YOUTH_SESSION)
    youth2 = EventFactory(kind=EventKind.YOUTH_SESSION)
    seminar = EventFactory(kind=EventKind.BUDGET_SEMINAR)
    MediaItemFactory.create_batch(3, kind=EvidenceKind.PHOTO, event=youth)
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=youth2, approval=Approval.APPROVED, approved_on=date(2024, 9, 1))
    MediaItemFactory.create_batch(2, kind=EvidenceKind.PHOTO, event=seminar)
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=None)
    MediaItemFactory(kind=EvidenceKind.PRESS, event=youth, outlet="Adyrna")
    MediaItemFactory(
        kind=EvidenceKind.PROGRAMME, event=youth, approval=Approval.APPROVED, approved_on=date(2024, 8, 20)
    )
    MediaItemFactory(kind=EvidenceKind.PROGRAMME, event=seminar, approval=Approval.PENDING)
    MediaItemFactory(kind=EvidenceKind.PROGRAMME, event=None, approval=Approval.APPROVED, approved_on=date(2024, 8, 21))
    return {"youth": youth, "youth2": youth2, "seminar": seminar}


def test_evidence_count_whole_project_includes_eventless(world):
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO) == 7
    assert selectors.evidence_count(kind=EvidenceKind.PRESS) == 1
    assert selectors.evidence_count(kind=EvidenceKind.VIDEO) == 0


def test_evidence_count_per_event(world):
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO, event=world["youth"]) == 3
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO, event=world["seminar"].pk) == 2


def test_evidence_count_per_event_kind_leaves_out_eventless(world):
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO, event_kind=EventKind.YOUTH_SESSION) == 4
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO, event_kind=EventKind.BUDGET_SEMINAR) == 2
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO, event_kind=EventKind.CONFERENCE) == 0


def test_evidence_count_approved_only(world):
    assert selectors.evidence_count(kind=EvidenceKind.PROGRAMME, approved_only=True) == 2
    assert selectors.evidence_count(kind=EvidenceKind.PROGRAMME) == 3
    assert (
        selectors.evidence_count(kind=EvidenceKind.PROGRAMME, event_kind=EventKind.BUDGET_SEMINAR, approved_only=True)
        == 0
    )
    assert selectors.evidence_count(kind=EvidenceKind.PHOTO, event=world["youth2"], approved_only=True) == 1


def test_evidence_counts_by_event(world):
    assert selectors.evidence_counts_by_event(kind=EvidenceKind.PHOTO) == {
        world["youth"].pk: 3,
        world["youth2"].pk: 1,
        world["seminar"].pk: 2,
    }
    assert selectors.evidence_counts_by_event(kind=EvidenceKind.PHOTO, event_kind=EventKind.YOUTH_SESSION) == {
        world["youth"].pk: 3,
        world["youth2"].pk: 1,
    }
    assert selectors.evidence_counts_by_event(kind=EvidenceKind.VIDEO) == {}


def test_evidence_for_newest_first():
    event = EventFactory()
    old = MediaItemFactory(kind=EvidenceKind.PRESS, event=event, date=date(2024, 9, 1))
    new = MediaItemFactory(kind=EvidenceKind.PRESS, event=event, date=date(2024, 10, 1))
    same_day_later = MediaItemFactory(kind=EvidenceKind.PRESS, event=event, date=date(2024, 10, 1))
    other = MediaItemFactory(kind=EvidenceKind.PRESS, event=None, date=date(2024, 11, 1))
    MediaItemFactory(kind=EvidenceKind.PHOTO, event=event)

    assert list(selectors.evidence_for(kind=EvidenceKind.PRESS, event=event)) == [same_day_later, new, old]
    assert list(selectors.evidence_for(kind=EvidenceKind.PRESS)) == [other, same_day_later, new, old]


def test_evidence_for_in_one_query(django_assert_num_queries):
    event = EventFactory()
    MediaItemFactory.create_batch(3, kind=EvidenceKind.PRESS, event=event)

    with django_assert_num_queries(1):
        titles = [(item.title, item.event.title) for item in selectors.evidence_for(kind=EvidenceKind.PRESS)]
    assert len(titles) == 3


def test_feedback_counts():
    youth = EventFactory(kind=EventKind.YOUTH_SESSION)
    seminar = EventFactory(kind=EventKind.BUDGET_SEMINAR)
    FeedbackFactory.create_batch(2, registration__event=youth)
    FeedbackFactory(registration__event=seminar)

    assert selectors.feedback_count() == 3
    assert selectors.feedback_count(event=youth) == 2
    assert selectors.feedback_count(event_kind=EventKind.BUDGET_SEMINAR) == 1
    assert selectors.feedback_count(event_kind=EventKind.CONFERENCE) == 0
    assert selectors.feedback_counts_by_event() == {youth.pk: 2, seminar.pk: 1}
    assert selectors.feedback_counts_by_event(event_kind=EventKind.YOUTH_SESSION) == {youth.pk: 2}


def test_feedback_count_of_event_without_any_is_zero():
    RegistrationFactory()

    assert selectors.feedback_count() == 0
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
