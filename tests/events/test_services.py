"""events.services: every exit path of the status moves, an edit's capacity signal and the
speaker's approval."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError
from events import services
from events.models import Event, EventStatus, SpeakerApproval
from registration.models import Registration, RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory, SpeakerFactory
from tests.support import draft_event

pytestmark = pytest.mark.django_db


def _event_with_waitlist(*, capacity: int, waiting: int) -> tuple[Event, list[Registration]]:
    event = EventFactory(capacity=capacity)
    RegistrationFactory(event=event)
    return event, [RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED) for _ in range(waiting)]


def test_update_event_with_new_capacity_promotes_the_waitlist_in_order():
    event, waiting = _event_with_waitlist(capacity=1, waiting=3)
    event.capacity = 3

    result = services.update_event(event=event, changed=["capacity"])

    statuses = dict(Registration.objects.filter(pk__in=[r.pk for r in waiting]).values_list("pk", "status"))
    assert statuses == {waiting[0].pk: "confirmed", waiting[1].pk: "confirmed", waiting[2].pk: "waitlisted"}
    assert (result.event, result.promoted) == (event, 2)
    assert Event.objects.get(pk=event.pk).capacity == 3


def test_update_event_without_capacity_change_sends_no_signal():
    # Room for everybody already (the waitlist was left behind), but only a capacity change promotes.
    event, waiting = _event_with_waitlist(capacity=5, waiting=2)
    event.title_en = "Renamed"

    result = services.update_event(event=event, changed=["title_en"])

    assert result.promoted == 0
    assert set(Registration.objects.filter(pk__in=[r.pk for r in waiting]).values_list("status", flat=True)) == {
        "waitlisted"
    }
    assert Event.objects.get(pk=event.pk).title_en == "Renamed"


def test_update_event_does_not_undo_a_cancellation_made_while_the_edit_was_open():
    event = EventFactory(status=EventStatus.PUBLISHED, title_en="Old", capacity=10)
    edited = Event.objects.get(pk=event.pk)  # the form's copy, read before the cancellation
    services.cancel_event(event=event)
    edited.title_en, edited.capacity = "Renamed", 20

    services.update_event(event=edited, changed=["title_en"])

    saved = Event.objects.get(pk=event.pk)
    # Only the changed field is written: the status stays cancelled, and the capacity not named stays.
    assert (saved.status, saved.title_en, saved.capacity) == (EventStatus.CANCELLED, "Renamed", 10)


def test_publish_event_twice_changes_nothing():
    event = EventFactory(status=EventStatus.PUBLISHED)

    result = services.publish_event(event=event)

    assert result.status == EventStatus.PUBLISHED


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (EventStatus.CANCELLED, "event_cancelled"),
        (EventStatus.FINISHED, "event_finished"),
    ],
)
def test_publish_event_refuses_closed_events(status, code):
    event = EventFactory(status=status)

    with pytest.raises(DomainError) as caught:
        services.publish_event(event=event)

    assert caught.value.code == code
    event.refresh_from_db()
    assert event.status == status


def test_publish_event_without_venue_raises():
    event = draft_event(venue=None)

    with pytest.raises(DomainError) as caught:
        services.publish_event(event=event)

    assert (caught.value.code, caught.value.field) == ("event_without_venue", "venue")
    assert Event.objects.get(pk=event.pk).status == EventStatus.DRAFT


def test_cancel_event_refuses_finished_and_repeats_quietly():
    finished = EventFactory(status=EventStatus.FINISHED)
    cancelled = EventFactory(status=EventStatus.CANCELLED)

    with pytest.raises(DomainError) as caught:
        services.cancel_event(event=finished)

    assert caught.value.code == "event_finished"
    assert services.cancel_event(event=cancelled).status == EventStatus.CANCELLED


def test_finish_event_needs_published_event():
    start = timezone.now() - timedelta(days=1)
    event = draft_event(start_at=start, end_at=start + timedelta(hours=2))

    with pytest.raises(DomainError) as caught:
        services.finish_event(event=event)

    assert caught.value.code == "event_not_published"
    assert Event.objects.get(pk=event.pk).status == EventStatus.DRAFT


def test_approve_speaker_sets_approval_and_date():
    speaker = SpeakerFactory()

    result = services.approve_speaker(speaker=speaker, on=date(2025, 3, 4))

    speaker.refresh_from_db()
    assert (speaker.approval, speaker.approved_on) == (SpeakerApproval.APPROVED, date(2025, 3, 4))
    assert result.approved_on == date(2025, 3, 4)


def test_approve_speaker_refuses_future_date():
    speaker = SpeakerFactory()

    with pytest.raises(DomainError) as caught:
        services.approve_speaker(speaker=speaker, on=timezone.localdate() + timedelta(days=1))

    assert caught.value.code == "approval_in_future"
    speaker.refresh_from_db()
    assert (speaker.approval, speaker.approved_on) == (SpeakerApproval.PENDING, None)
