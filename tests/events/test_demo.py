import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events.models import AgendaItem, Event, EventKind, EventStatus, Speaker, SpeakerApproval, Talk, Venue

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^\s+(\S+)\s+/\s+(\S+)\s+(\S+)$", re.M)


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict:
    return {
        "events": Event.objects.count(),
        "venues": Venue.objects.count(),
        "speakers": Speaker.objects.count(),
        "talks": Talk.objects.count(),
        "agenda": AgendaItem.objects.count(),
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
    }


def test_demo_creates_the_grant_programme():
    output = load_demo()

    kinds = sorted(Event.objects.values_list("kind", flat=True))
    assert Event.objects.count() == 23
    assert kinds.count(EventKind.YOUTH_SESSION) == 10
    assert kinds.count(EventKind.BUDGET_SEMINAR) == 10
    assert kinds.count(EventKind.CONFERENCE) == 1
    assert kinds.count(EventKind.PRESENTATION) == 2
    assert "Demo programme: 23 events (23 new)." in output


def test_demo_programme_is_partly_held_and_open_for_the_rest():
    load_demo()
    now = timezone.now()

    events = list(Event.objects.all())
    held = [event for event in events if event.start_at < now]
    upcoming = [event for event in events if event.start_at > now]
    assert len(held) == 16  # the launch, seven sessions, seven seminars, the conference
    assert {event.status for event in held} == {EventStatus.FINISHED}
    assert {event.status for event in upcoming} == {EventStatus.PUBLISHED}
    assert [event.slug for event in upcoming if not event.is_registration_open(now)] == []
    assert [event.slug for event in events if not (event.title_kk and event.title_ru and event.title_en)] == []


def test_demo_conference_has_five_approved_speakers_with_talks():
    load_demo()

    conference = Event.objects.get(kind=EventKind.CONFERENCE)
    talks = list(conference.talks.select_related("speaker"))
    speakers = {talk.speaker for talk in talks}
    assert len(talks) == 5
    assert len(speakers) == 5
    assert {speaker.approval for speaker in speakers} == {SpeakerApproval.APPROVED}
    assert None not in {speaker.approved_on for speaker in speakers}
    assert conference.agenda_items.count() == 7
    assert Speaker.objects.count() == 8  # and three local-government speakers of the youth sessions


def test_demo_agenda_fits_inside_the_conference():
    load_demo()

    conference = Event.objects.get(kind=EventKind.CONFERENCE)
    items = list(conference.agenda_items.all())
    assert [
        item for item in items if not conference.start_at <= item.starts_at < item.ends_at <= conference.end_at
    ] == []


def test_demo_users_have_their_roles_and_log_in_with_printed_passwords():
    output = load_demo()

    printed = LOGIN_LINE.findall(output)
    assert [(username, role) for username, _, role in printed] == [
        ("organiser", "organiser"),
        ("volunteer", "volunteer"),
        ("grantor", "grantor"),
    ]
    for username, password, role in printed:
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert Client().login(username=username, password=password) is True
        assert Client().login(username=username, password=password + "x") is False


def test_demo_organiser_sees_the_manage_permission():
    load_demo()

    organiser = User.objects.get(username="organiser")
    volunteer = User.objects.get(username="volunteer")
    assert organiser.has_perm("events.view_speaker_private") is True
    assert volunteer.has_perm("events.view_speaker_private") is False


def test_demo_twice_changes_nothing():
    load_demo()
    first = _counts()
    slugs = list(Event.objects.order_by("pk").values_list("slug", "start_at"))

    output = load_demo()

    assert _counts() == first
    assert list(Event.objects.order_by("pk").values_list("slug", "start_at")) == slugs
    assert "Demo programme: 23 events (0 new)." in output


def test_demo_keeps_an_existing_users_password():
    User.objects.create_user("organiser", password="my-own-password")

    load_demo()

    assert Client().login(username="organiser", password="my-own-password") is True
    assert Client().login(username="organiser", password="organiser-demo") is False
    assert list(User.objects.get(username="organiser").groups.values_list("name", flat=True)) == ["organiser"]


def test_demo_programme_is_on_the_public_list(client):
    load_demo()

    response = client.get("/events/")

    assert response.status_code == 200
    assert len(response.context["events"]) == 7  # the programme still to come
