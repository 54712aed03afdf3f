"""After login each role lands where its work is: organisers on /manage/, volunteers at today's
door, the grantor on /monitoring/; a ?next= address wins. The menus reach an event's door,
kits and poster, and /admin/ is only for administrators."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus
from tests.factories import EventFactory
from tests.support import make_user

pytestmark = pytest.mark.django_db


def log_in(client, username: str, next_url: str | None = None):
    data = {"username": username, "password": "pw-" + username}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def land(client, response) -> str:
    """Where the login's redirects end up."""
    assert response.status_code == 302, response.content[:300]
    location = response["Location"]
    for _hop in range(3):
        answer = client.get(location)
        if answer.status_code != 302:
            return location
        location = answer["Location"]
    return location


def event_today(**extra):
    """An event that has just started: it is today's whatever the hour of the test run."""
    now = timezone.now()
    return EventFactory(start_at=now - timedelta(minutes=5), end_at=now + timedelta(hours=2), **extra)


def test_an_organiser_lands_on_the_management_area(client):
    make_user("org", "organiser")

    assert land(client, log_in(client, "org")) == reverse("manage:dashboard")


def test_a_grantor_lands_on_monitoring(client):
    make_user("funder", "grantor")

    assert land(client, log_in(client, "funder")) == reverse("monitoring:dashboard")


def test_a_volunteer_lands_at_the_door_of_todays_event(client):
    make_user("door", "volunteer")
    today = event_today(slug="today-session")
    EventFactory(slug="next-week")

    assert land(client, log_in(client, "door")) == reverse("registration:checkin", args=[today.slug])


def test_a_volunteer_chooses_between_todays_events(client):
    make_user("door", "volunteer")
    morning, afternoon = event_today(slug="morning"), event_today(slug="afternoon")

    response = client.get(land(client, log_in(client, "door")))

    page = response.content.decode()
    assert response.status_code == 200 and response.request["PATH_INFO"] == reverse("door")
    for event in (morning, afternoon):
        assert reverse("registration:checkin", args=[event.slug]) in page


def test_without_an_event_today_the_volunteer_sees_the_coming_doors(client):
    make_user("door", "volunteer")
    soon = EventFactory(slug="in-two-days", start_at=timezone.now() + timedelta(days=2))
    event_today(slug="cancelled-today", status=EventStatus.CANCELLED)
    past = EventFactory(slug="yesterday", start_at=timezone.now() - timedelta(days=1))

    log_in(client, "door")
    page = client.get(reverse("door")).content.decode()

    assert reverse("registration:checkin", args=[soon.slug]) in page
    assert "cancelled-today" not in page and past.slug not in page


def test_next_wins_over_the_role(client):
    make_user("org", "organiser")
    target = reverse("inventory:stock")

    response = log_in(client, "org", next_url=target)

    assert response["Location"] == target


def test_a_person_without_a_role_lands_on_the_programme(client):
    make_user("nobody")

    assert land(client, log_in(client, "nobody")) == reverse("events:list")


def test_the_door_chooser_is_for_the_door_staff(client):
    make_user("funder", "grantor")
    log_in(client, "funder")

    assert client.get(reverse("door")).status_code == 403


def test_the_menus_reach_each_events_door_kits_and_poster(organiser_client):
    event = EventFactory(slug="menu-event")

    dashboard = organiser_client.get(reverse("manage:dashboard")).content.decode()
    attendees = organiser_client.get(reverse("registration_manage:attendees", args=[event.slug])).content.decode()
    inventory = organiser_client.get(reverse("inventory:stock")).content.decode()

    for page in (dashboard, attendees):
        assert reverse("registration:checkin", args=[event.slug]) in page
        assert reverse("inventory:kits", args=[event.slug]) in page
        assert reverse("registration:poster", args=[event.slug]) in page
    assert reverse("inventory:kit_index") in inventory and reverse("inventory:report") in inventory
    assert reverse("door") in dashboard
    assert reverse("admin:index") not in dashboard  # An organiser is not an administrator.


def test_an_administrator_finds_the_admin_in_the_menu(client):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    page = client.get(reverse("manage:dashboard")).content.decode()

    assert reverse("admin:index") in page


def test_an_empty_inventory_says_what_to_create_first(organiser_client, settings):
    settings.LANGUAGE_CODE = "en"

    page = organiser_client.get(reverse("inventory:stock")).content.decode()

    steps = [page.index(text) for text in ("Add the items", "Add the stock locations", "Receive the stock")]
    assert steps == sorted(steps)
    assert reverse("inventory:item_create") in page and reverse("inventory:holder_create") in page
