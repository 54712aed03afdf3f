"""The organiser's event pages: create, edit (a new capacity goes to the waitlist) and the
status actions (publish, cancel, finish)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventKind, EventStatus
from registration.models import Registration, RegistrationStatus
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, VenueFactory
from tests.support import draft_event, event_data, local, messages_of

pytestmark = pytest.mark.django_db

# Create and edit


def test_organiser_creates_event_as_draft_with_exact_fields(org_client):
    venue = VenueFactory()

    response = org_client.post(reverse("manage:event_create"), event_data(venue=venue.pk))

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:event_edit", args=["budget-seminar-2030"])
    assert (event.slug, event.kind, event.status) == (
        "budget-seminar-2030",
        EventKind.BUDGET_SEMINAR,
        EventStatus.DRAFT,
    )
    assert (event.title_kk, event.title_ru, event.title_en) == (
        "Жергілікті бюджет туралы семинар",
        "Семинар о местном бюджете",
        "Seminar on the local budget",
    )
    assert (event.description_kk, event.description_ru, event.description_en) == ("Бюджет қалай құрылады.", "", "")
    assert event.start_at == local(2030, 5, 14, 10, 0)
    assert event.end_at == local(2030, 5, 14, 13, 30)
    assert event.registration_opens_at == local(2030, 5, 1, 9, 0)
    assert event.registration_closes_at == local(2030, 5, 13, 18, 0)
    assert event.venue == venue
    assert event.capacity == 80
    assert messages_of(response) == ["The event “Seminar on the local budget” is saved as a draft."]


def test_create_event_ending_before_start_shows_constraint_and_creates_nothing(org_client):
    response = org_client.post(
        reverse("manage:event_create"),
        event_data(start_at="2030-05-14T13:00", end_at="2030-05-14T10:00", registration_closes_at=""),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The event must end after it starts."]
    assert "The event must end after it starts." in response.content.decode()
    assert Event.objects.count() == 0


def test_create_event_registration_closing_after_end_is_refused(org_client):
    response = org_client.post(reverse("manage:event_create"), event_data(registration_closes_at="2030-05-15T09:00"))

    assert response.context["form"].non_field_errors() == ["Registration cannot close after the event ends."]
    assert Event.objects.count() == 0


def test_create_event_with_taken_or_invalid_slug_is_refused(org_client):
    EventFactory(slug="budget-seminar-2030")

    taken = org_client.post(reverse("manage:event_create"), event_data())
    invalid = org_client.post(reverse("manage:event_create"), event_data(slug="бюджет семинар"))

    assert taken.context["form"].errors["slug"] == ["Event with this Public address already exists."]
    assert invalid.context["form"].has_error("slug", "invalid")
    assert Event.objects.count() == 1


def test_organiser_edits_event(org_client):
    event = draft_event(slug="youth-1", capacity=50)
    data = event_data(
        slug="youth-session-1",
        title_ru="Новое название",
        capacity="120",
        venue=event.venue_id,
        kind=EventKind.YOUTH_SESSION,
    )

    response = org_client.post(reverse("manage:event_edit", args=["youth-1"]), data)

    event.refresh_from_db()
    assert response["Location"] == reverse("manage:event_edit", args=["youth-session-1"])
    assert (event.slug, event.title_ru, event.capacity, event.kind) == (
        "youth-session-1",
        "Новое название",
        120,
        EventKind.YOUTH_SESSION,
    )
    assert event.start_at == local(2030, 5, 14, 10, 0)
    assert event.status == EventStatus.DRAFT


def test_raising_capacity_gives_the_new_places_to_the_waitlist(org_client):
    event = EventFactory(slug="budget-seminar-2030", capacity=1, kind=EventKind.BUDGET_SEMINAR)
    RegistrationFactory(event=event)
    first, second, third = (RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED) for _ in range(3))
    data = event_data(capacity="3", venue=event.venue_id, status=event.status)

    response = org_client.post(reverse("manage:event_edit", args=[event.slug]), data, follow=True)

    statuses = dict(Registration.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "confirmed", third.pk: "waitlisted"}
    assert any("2" in str(m) for m in response.context["messages"])


def test_edit_form_shows_times_in_datetime_local_format(org_client):
    event = draft_event(start_at=local(2030, 6, 1, 9, 30), end_at=local(2030, 6, 1, 12, 0))

    response = org_client.get(reverse("manage:event_edit", args=[event.slug]))

    html = response.content.decode()
    assert 'type="datetime-local" name="start_at" value="2030-06-01T09:30"' in html
    assert 'value="2030-06-01T12:00"' in html


def test_moving_event_away_from_its_agenda_is_refused(org_client):
    event = draft_event(start_at=local(2030, 6, 1, 9, 0), end_at=local(2030, 6, 1, 12, 0))
    AgendaItemFactory(event=event, starts_at=local(2030, 6, 1, 11, 0), ends_at=local(2030, 6, 1, 12, 0))
    data = event_data(
        slug=event.slug,
        start_at="2030-06-01T09:00",
        end_at="2030-06-01T11:00",
        registration_opens_at="",
        registration_closes_at="",
    )

    response = org_client.post(reverse("manage:event_edit", args=[event.slug]), data)

    assert response.context["form"].non_field_errors() == [
        "1 agenda item would fall outside the new times; move it first."
    ]
    event.refresh_from_db()
    assert event.end_at == local(2030, 6, 1, 12, 0)


def test_invalid_slug_on_edit_keeps_page_links_working(org_client):
    event = draft_event(slug="keep-me")

    response = org_client.post(reverse("manage:event_edit", args=["keep-me"]), event_data(slug="not a slug"))

    assert response.status_code == 200
    assert reverse("manage:event_publish", args=["keep-me"]) in response.content.decode()
    event.refresh_from_db()
    assert event.slug == "keep-me"


# Status actions


def test_organiser_publishes_draft(org_client):
    event = draft_event()

    response = org_client.post(reverse("manage:event_publish", args=[event.slug]))

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert response["Location"] == reverse("manage:event_edit", args=[event.slug])
    assert messages_of(response) == [f"“{event.title}” is published."]


def test_publishing_without_venue_shows_error_and_keeps_draft(org_client):
    event = draft_event(venue=None)

    response = org_client.post(reverse("manage:event_publish", args=[event.slug]), follow=True)

    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert "Choose a venue before publishing the event." in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == ["Choose a venue before publishing the event."]


def test_publishing_cancelled_event_is_refused(org_client):
    event = EventFactory(status=EventStatus.CANCELLED)

    response = org_client.post(reverse("manage:event_publish", args=[event.slug]))

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert messages_of(response) == ["A cancelled event cannot be published again."]


def test_organiser_cancels_published_event(org_client):
    event = EventFactory(status=EventStatus.PUBLISHED)

    org_client.post(reverse("manage:event_cancel", args=[event.slug]))

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_marking_future_event_finished_is_refused(org_client):
    event = EventFactory(status=EventStatus.PUBLISHED)

    response = org_client.post(reverse("manage:event_finish", args=[event.slug]))

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert messages_of(response) == ["An event cannot be marked finished before it starts."]


def test_organiser_marks_started_event_finished(org_client):
    start = timezone.now() - timedelta(hours=3)
    event = EventFactory(status=EventStatus.PUBLISHED, start_at=start, end_at=start + timedelta(hours=2))

    org_client.post(reverse("manage:event_finish", args=[event.slug]))

    event.refresh_from_db()
    assert event.status == EventStatus.FINISHED


def test_status_actions_refuse_get(org_client):
    event = draft_event()

    response = org_client.get(reverse("manage:event_publish", args=[event.slug]))

    assert response.status_code == 405
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
