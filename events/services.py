"""Writes to events that carry a rule: an event's status moves, an edit that changes its
capacity, and a speaker's approval.

Plain creation and editing go through the organiser forms' save(); these functions are
for the steps that must check the current state first or tell the apps built on events.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from .models import Event, EventStatus, Speaker, SpeakerApproval
from .signals import capacity_changed


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@dataclass(frozen=True)
class EventUpdate:
    event: Event
    promoted: int = 0  # people moved from the waitlist to confirmed places


@transaction.atomic
def update_event(*, event: Event, changed: Collection[str]) -> EventUpdate:
    """Save an organiser's edit of `event` (its fields already set, e.g. by the edit form) and
    return it with the number of people the change moved off the waitlist.

    Writes only the fields named in `changed` (and `updated_at`): the edit form has no status,
    so a full save would write back the status read before a concurrent publish, cancel or
    finish, and undo it.
    When `changed` names "capacity", sends `signals.capacity_changed` inside this transaction,
    so the new places go to the waitlist at once and an error in a receiver rolls back the
    edit too. Raises nothing of its own: the form has validated the edit and the model's
    constraints are the backstop.
    """
    event.save(update_fields=[*changed, "updated_at"])
    promoted = 0
    if "capacity" in changed:
        for _receiver, moved in capacity_changed.send(sender=Event, event=event):
            promoted += len(moved or ())
    return EventUpdate(event=event, promoted=promoted)


@transaction.atomic
def publish_event(*, event: Event) -> Event:
    """Put a draft event on the public programme and return it, re-read under a row lock.

    Publishing an already published event changes nothing. Raises DomainError when the
    event is cancelled ("event_cancelled") or finished ("event_finished"), has no venue
    ("event_without_venue") or does not end after it starts ("event_ends_before_start").
    """
    event = _locked_event(event)
    if event.status == EventStatus.PUBLISHED:
        return event
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("A cancelled event cannot be published again."), code="event_cancelled")
    if event.status == EventStatus.FINISHED:
        raise DomainError(_("A finished event cannot be published again."), code="event_finished")
    if event.venue_id is None:
        raise DomainError(_("Choose a venue before publishing the event."), code="event_without_venue", field="venue")
    if event.end_at <= event.start_at:
        raise DomainError(_("The event must end after it starts."), code="event_ends_before_start", field="end_at")
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def cancel_event(*, event: Event) -> Event:
    """Cancel a draft or published event and return it, re-read under a row lock.

    Cancelling twice changes nothing. A finished event cannot be cancelled
    (DomainError "event_finished"). Cancellation is final: publish_event refuses it.
    """
    event = _locked_event(event)
    if event.status == EventStatus.CANCELLED:
        return event
    if event.status == EventStatus.FINISHED:
        raise DomainError(_("A finished event cannot be cancelled."), code="event_finished")
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    return event


def has_taken_place(event: Event, now=None) -> bool:
    """Whether `event` has taken place: it has ended, or an organiser marked it finished (which
    is allowed once it has started). Certificates wait for this, so that `/verify/` never calls
    a certificate of an event still to come genuine."""
    if event.status == EventStatus.FINISHED:
        return True
    return event.status == EventStatus.PUBLISHED and event.end_at <= (now or timezone.now())


def can_finish(event: Event, now=None) -> bool:
    """Whether "Mark finished" may be offered: the event is published and has started."""
    return event.status == EventStatus.PUBLISHED and event.start_at <= (now or timezone.now())


@transaction.atomic
def finish_event(*, event: Event, now=None) -> Event:
    """Mark a published event as finished once it has started; return it, re-read under a lock.

    Finishing twice changes nothing. Raises DomainError when the event is not published
    ("event_not_published") or has not started yet ("event_not_started").
    """
    event = _locked_event(event)
    if event.status == EventStatus.FINISHED:
        return event
    if event.status != EventStatus.PUBLISHED:
        raise DomainError(_("Only a published event can be marked finished."), code="event_not_published")
    if event.start_at > (now or timezone.now()):
        raise DomainError(_("An event cannot be marked finished before it starts."), code="event_not_started")
    event.status = EventStatus.FINISHED
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def approve_speaker(*, speaker: Speaker, on: date) -> Speaker:
    """Record the grantor's approval of a speaker on the given date; return the speaker,
    re-read under a row lock.

    Approving again replaces the date. Raises DomainError "approval_in_future" when the
    date is after today; the speaker_approval_has_date constraint is the backstop.
    """
    if on > timezone.localdate():
        raise DomainError(_("The approval date cannot be in the future."), code="approval_in_future", field="on")
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    speaker.approval = SpeakerApproval.APPROVED
    speaker.approved_on = on
    speaker.save(update_fields=["approval", "approved_on"])
    return speaker
