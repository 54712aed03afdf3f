"""The organiser pages under /manage/: forms, status services, permissions and private files."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from events import services
from events.models import AgendaItem, Event, EventKind, EventStatus, Speaker, SpeakerApproval, Talk, Venue
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory, TalkFactory, VenueFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_dirs(settings, tmp_path):
    """Public and private uploads in temporary folders (the real private storage reads
    PRIVATE_MEDIA_ROOT at each use)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English, so the tests can read messages whatever the default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def make_user(username: str, role: str | None) -> User:
    user = User.objects.create_user(username, password="pw")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def org_client(client):
    client.force_login(make_user("org", "organiser"))
    return client


@pytest.fixture
def vol_client(client):
    client.force_login(make_user("vol", "volunteer"))
    return client


def local(*args) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def event_data(**overrides) -> dict:
    data = {
        "slug": "budget-seminar-2030",
        "kind": EventKind.BUDGET_SEMINAR,
        "title_kk": "Жергілікті бюджет туралы семинар",
        "title_ru": "Семинар о местном бюджете",
        "title_en": "Seminar on the local budget",
        "description_kk": "Бюджет қалай құрылады.",
        "description_ru": "",
        "description_en": "",
        "start_at": "2030-05-14T10:00",
        "end_at": "2030-05-14T13:30",
        "venue": "",
        "capacity": "80",
        "registration_opens_at": "2030-05-01T09:00",
        "registration_closes_at": "2030-05-13T18:00",
    }
    return {**data, **overrides}


def draft_event(**kwargs) -> Event:
    kwargs.setdefault("status", EventStatus.DRAFT)
    return EventFactory(**kwargs)


# Events: create, edit, status


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
    from registration.models import Registration, RegistrationStatus
    from tests.factories import RegistrationFactory

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


# Services: every exit path


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


# Who may enter


def _manage_get_urls(event, speaker, venue, talk, item) -> list[str]:
    return [
        reverse("manage:dashboard"),
        reverse("manage:event_create"),
        reverse("manage:event_edit", args=[event.slug]),
        reverse("manage:event_programme", args=[event.slug]),
        reverse("manage:talk_create", args=[event.slug]),
        reverse("manage:talk_edit", args=[talk.pk]),
        reverse("manage:agenda_create", args=[event.slug]),
        reverse("manage:agenda_edit", args=[item.pk]),
        reverse("manage:venue_list"),
        reverse("manage:venue_create"),
        reverse("manage:venue_edit", args=[venue.pk]),
        reverse("manage:speaker_list"),
        reverse("manage:speaker_create"),
        reverse("manage:speaker_edit", args=[speaker.pk]),
    ]


@pytest.fixture
def programme():
    event = draft_event()
    talk = TalkFactory(event=event)
    item = AgendaItemFactory(event=event, talk=talk)
    return event, talk.speaker, event.venue, talk, item


def test_volunteer_gets_403_on_every_manage_page(vol_client, programme):
    event, speaker, venue, talk, item = programme

    codes = {url: vol_client.get(url).status_code for url in _manage_get_urls(event, speaker, venue, talk, item)}

    assert set(codes.values()) == {403}, codes


def test_volunteer_posts_change_nothing(vol_client, programme):
    event, speaker, venue, talk, item = programme
    title_kk, venue_name = event.title_kk, venue.name

    responses = [
        vol_client.post(reverse("manage:event_create"), event_data(slug="sneaky", venue=venue.pk)),
        vol_client.post(reverse("manage:event_edit", args=[event.slug]), event_data(slug=event.slug, title_kk="X")),
        vol_client.post(reverse("manage:event_publish", args=[event.slug])),
        vol_client.post(reverse("manage:event_cancel", args=[event.slug])),
        vol_client.post(reverse("manage:agenda_delete", args=[item.pk])),
        vol_client.post(reverse("manage:talk_delete", args=[talk.pk])),
        vol_client.post(reverse("manage:venue_edit", args=[venue.pk]), {"name": "X", "address": "Y", "city": "Z"}),
        vol_client.post(reverse("manage:speaker_approve", args=[speaker.pk]), {"on": "2025-01-01"}),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    event.refresh_from_db()
    venue.refresh_from_db()
    speaker.refresh_from_db()
    assert Event.objects.count() == 1
    assert (event.title_kk, event.status) == (title_kk, EventStatus.DRAFT)
    assert venue.name == venue_name
    assert speaker.approval == SpeakerApproval.PENDING
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Talk.objects.filter(pk=talk.pk).exists()


def test_anonymous_is_sent_to_login(client, programme):
    event, speaker, venue, talk, item = programme
    login = reverse("login")

    for url in _manage_get_urls(event, speaker, venue, talk, item):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{login}?next={url}"

    response = client.post(reverse("manage:event_publish", args=[event.slug]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


# Speakers and their private files


def speaker_data(**overrides) -> dict:
    data = {
        "full_name": "Айгүл Серікқызы",
        "position": "Экономист",
        "organisation": "ОҚ университеті",
        "bio": "",
        "email": "aigul@example.kz",
        "phone": "+77011234567",
        "approval": SpeakerApproval.PENDING,
        "approved_on": "",
    }
    return {**data, **overrides}


def test_cv_that_is_text_renamed_pdf_is_refused(org_client, media_dirs):
    _, private_root = media_dirs
    fake = SimpleUploadedFile("cv.pdf", b"I am plain text pretending to be a PDF.", content_type="application/pdf")

    response = org_client.post(reverse("manage:speaker_create"), speaker_data(cv=fake))

    assert response.status_code == 200
    assert response.context["form"].errors["cv"] == ["This file is not an accepted type. Accepted: PDF, JPG, PNG."]
    assert "This file is not an accepted type." in response.content.decode()
    assert Speaker.objects.count() == 0
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_valid_pdf_cv_is_stored_privately_and_served_to_organisers_only(org_client, media_dirs):
    media_root, private_root = media_dirs

    response = org_client.post(
        reverse("manage:speaker_create"),
        speaker_data(cv=SimpleUploadedFile("my cv.pdf", PDF, content_type="application/pdf")),
    )

    speaker = Speaker.objects.get()
    assert response["Location"] == reverse("manage:speaker_edit", args=[speaker.pk])
    assert speaker.cv.name.startswith("speakers/cv/") and speaker.cv.name.endswith(".pdf")
    assert (private_root / speaker.cv.name).read_bytes() == PDF
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))

    file_url = reverse("manage:speaker_file", args=[speaker.pk, "cv"])
    download = org_client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF

    edit_page = org_client.get(reverse("manage:speaker_edit", args=[speaker.pk])).content.decode()
    list_page = org_client.get(reverse("manage:speaker_list")).content.decode()
    assert file_url in edit_page and file_url in list_page
    assert "/media/speakers/cv/" not in edit_page
    assert reverse("manage:speaker_file", args=[speaker.pk, "diploma"]) not in list_page

    org_client.logout()
    anonymous = org_client.get(file_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"{reverse('login')}?next={file_url}"
    org_client.force_login(make_user("vol", "volunteer"))
    assert org_client.get(file_url).status_code == 403


def test_speaker_approved_without_date_gets_error_on_date(org_client):
    response = org_client.post(reverse("manage:speaker_create"), speaker_data(approval=SpeakerApproval.APPROVED))

    form = response.context["form"]
    assert form.errors == {"approved_on": ["An approved speaker needs the date of approval."]}
    assert Speaker.objects.count() == 0


def test_organiser_edits_speaker_approval_with_date(org_client):
    speaker = SpeakerFactory()

    org_client.post(
        reverse("manage:speaker_edit", args=[speaker.pk]),
        speaker_data(approval=SpeakerApproval.APPROVED, approved_on="2025-02-10"),
    )

    speaker.refresh_from_db()
    assert (speaker.full_name, speaker.approval, speaker.approved_on) == (
        "Айгүл Серікқызы",
        SpeakerApproval.APPROVED,
        date(2025, 2, 10),
    )


def test_approve_action_records_date(org_client):
    speaker = SpeakerFactory()

    response = org_client.post(reverse("manage:speaker_approve", args=[speaker.pk]), {"on": "2025-02-10"})

    speaker.refresh_from_db()
    assert (speaker.approval, speaker.approved_on) == (SpeakerApproval.APPROVED, date(2025, 2, 10))
    assert messages_of(response) == [f"“{speaker.full_name}” is approved."]


def test_approve_action_refuses_future_date(org_client):
    speaker = SpeakerFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = org_client.post(reverse("manage:speaker_approve", args=[speaker.pk]), {"on": tomorrow.isoformat()})

    speaker.refresh_from_db()
    assert speaker.approval == SpeakerApproval.PENDING
    assert messages_of(response) == ["The approval date cannot be in the future."]


def test_speaker_list_shows_approval_badge(org_client):
    SpeakerFactory(full_name="Ержан", approval=SpeakerApproval.APPROVED, approved_on=date(2025, 1, 5))

    html = org_client.get(reverse("manage:speaker_list")).content.decode()

    assert '<span class="badge approved">Approved by the grantor</span>' in html


# Programme: agenda items and talks


def agenda_data(**overrides) -> dict:
    data = {
        "starts_at": "2030-06-01T10:00",
        "ends_at": "2030-06-01T10:45",
        "title_kk": "Ашылу",
        "title_ru": "Открытие",
        "title_en": "Opening",
        "talk": "",
    }
    return {**data, **overrides}


@pytest.fixture
def june_event():
    return draft_event(slug="june", start_at=local(2030, 6, 1, 10, 0), end_at=local(2030, 6, 1, 13, 0))


def test_organiser_adds_agenda_item_with_speakers(org_client, june_event):
    first, second, _ = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    talk = TalkFactory(event=june_event, speaker=first)

    response = org_client.post(
        reverse("manage:agenda_create", args=["june"]), agenda_data(talk=talk.pk, speakers=[first.pk, second.pk])
    )

    item = AgendaItem.objects.get()
    assert response["Location"] == reverse("manage:event_programme", args=["june"])
    assert (item.event, item.talk, item.title_kk, item.title_ru, item.title_en) == (
        june_event,
        talk,
        "Ашылу",
        "Открытие",
        "Opening",
    )
    assert (item.starts_at, item.ends_at) == (local(2030, 6, 1, 10, 0), local(2030, 6, 1, 10, 45))
    assert set(item.speakers.all()) == {first, second}


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        ("starts_at", {"starts_at": "2030-06-01T09:30"}, "The item cannot start before the event starts"),
        ("ends_at", {"ends_at": "2030-06-01T13:30"}, "The item cannot end after the event ends"),
    ],
)
def test_agenda_item_outside_event_is_refused(org_client, june_event, field, data, message):
    response = org_client.post(reverse("manage:agenda_create", args=["june"]), agenda_data(**data))

    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert AgendaItem.objects.count() == 0


def test_agenda_item_ending_before_start_shows_constraint(org_client, june_event):
    response = org_client.post(
        reverse("manage:agenda_create", args=["june"]),
        agenda_data(starts_at="2030-06-01T11:00", ends_at="2030-06-01T10:30"),
    )

    assert response.context["form"].non_field_errors() == ["An agenda item must end after it starts."]
    assert AgendaItem.objects.count() == 0


def test_agenda_item_cannot_use_another_events_talk(org_client, june_event):
    other_talk = TalkFactory()

    response = org_client.post(reverse("manage:agenda_create", args=["june"]), agenda_data(talk=other_talk.pk))

    assert response.context["form"].has_error("talk", "invalid_choice")
    assert AgendaItem.objects.count() == 0


def test_organiser_edits_and_deletes_agenda_item(org_client, june_event):
    item = AgendaItemFactory(event=june_event)

    org_client.post(
        reverse("manage:agenda_edit", args=[item.pk]),
        agenda_data(title_kk="Үзіліс", starts_at="2030-06-01T11:00", ends_at="2030-06-01T11:15"),
    )
    item.refresh_from_db()
    assert (item.title_kk, item.starts_at) == ("Үзіліс", local(2030, 6, 1, 11, 0))

    assert org_client.get(reverse("manage:agenda_delete", args=[item.pk])).status_code == 405
    response = org_client.post(reverse("manage:agenda_delete", args=[item.pk]))
    assert response["Location"] == reverse("manage:event_programme", args=["june"])
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_organiser_adds_edits_and_deletes_talk(org_client, june_event):
    speaker = SpeakerFactory()

    org_client.post(
        reverse("manage:talk_create", args=["june"]),
        {"title": "Бюджет 2030", "speaker": speaker.pk, "abstract": "Қысқаша"},
    )
    talk = Talk.objects.get()
    assert (talk.event, talk.speaker, talk.title, talk.abstract, talk.slides.name) == (
        june_event,
        speaker,
        "Бюджет 2030",
        "Қысқаша",
        "",
    )

    org_client.post(
        reverse("manage:talk_edit", args=[talk.pk]), {"title": "Бюджет 2031", "speaker": speaker.pk, "abstract": ""}
    )
    talk.refresh_from_db()
    assert (talk.title, talk.event) == ("Бюджет 2031", june_event)

    org_client.post(reverse("manage:talk_delete", args=[talk.pk]))
    assert Talk.objects.count() == 0


def test_talk_slides_must_be_pdf(org_client, june_event):
    speaker = SpeakerFactory()
    png_named_pdf = SimpleUploadedFile("slides.pdf", b"\x89PNG\r\n\x1a\nnot really", content_type="application/pdf")

    response = org_client.post(
        reverse("manage:talk_create", args=["june"]), {"title": "T", "speaker": speaker.pk, "slides": png_named_pdf}
    )

    assert response.context["form"].errors["slides"] == ["This file is not an accepted type. Accepted: PDF."]
    assert Talk.objects.count() == 0


def test_programme_page_lists_items_and_talks(org_client, june_event):
    talk = TalkFactory(event=june_event, title="Ашық бюджет")
    item = AgendaItemFactory(event=june_event, title_en="Welcome", talk=talk)

    html = org_client.get(reverse("manage:event_programme", args=["june"])).content.decode()

    assert "Welcome" in html and "Ашық бюджет" in html
    assert reverse("manage:agenda_edit", args=[item.pk]) in html
    assert reverse("manage:agenda_delete", args=[item.pk]) in html
    assert reverse("manage:talk_edit", args=[talk.pk]) in html


# Venues and the dashboard


def test_organiser_creates_and_edits_venue(org_client):
    org_client.post(
        reverse("manage:venue_create"),
        {"name": "Жастар орталығы", "address": "Тәуке хан 5", "city": "Шымкент", "map_url": "", "notes": ""},
    )
    venue = Venue.objects.get()
    assert (venue.name, venue.address, venue.city) == ("Жастар орталығы", "Тәуке хан 5", "Шымкент")

    response = org_client.post(
        reverse("manage:venue_edit", args=[venue.pk]),
        {"name": "Жастар орталығы", "address": "Тәуке хан 7", "city": "Шымкент", "map_url": "not a url", "notes": ""},
    )
    assert response.context["form"].has_error("map_url", "invalid")
    venue.refresh_from_db()
    assert venue.address == "Тәуке хан 5"


def test_dashboard_lists_drafts_with_status_badges(org_client):
    draft = draft_event(title_en="Draft one")
    EventFactory(status=EventStatus.CANCELLED, title_en="Gone")

    response = org_client.get(reverse("manage:dashboard"))
    filtered = org_client.get(reverse("manage:dashboard") + "?status=draft")

    html = response.content.decode()
    assert '<span class="badge draft">Draft</span>' in html
    assert '<span class="badge cancelled">Cancelled</span>' in html
    assert reverse("manage:event_edit", args=[draft.slug]) in html
    assert [e.pk for e in filtered.context["events"]] == [draft.pk]


def test_event_page_links_organisers_to_manage(org_client):
    event = EventFactory(status=EventStatus.PUBLISHED)
    manage_url = reverse("manage:event_edit", args=[event.slug])

    assert manage_url in org_client.get(event.get_absolute_url()).content.decode()
    org_client.logout()
    assert manage_url not in org_client.get(event.get_absolute_url()).content.decode()


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill(n: int, event: Event) -> None:
    for _ in range(n):
        speaker = SpeakerFactory(cv=SimpleUploadedFile("cv.pdf", PDF))
        talk = TalkFactory(event=event, speaker=speaker)
        AgendaItemFactory(event=event, talk=talk).speakers.add(speaker, SpeakerFactory())
        EventFactory(venue=VenueFactory())


@pytest.mark.parametrize("page", ["manage:dashboard", "manage:venue_list", "manage:speaker_list", "programme"])
def test_list_pages_make_the_same_queries_for_one_and_three_rows(org_client, june_event, page):
    url = reverse("manage:event_programme", args=["june"]) if page == "programme" else reverse(page)
    _fill(1, june_event)
    _queries_for(org_client, url)  # Warm the session and permission caches.
    with_one = _queries_for(org_client, url)

    _fill(2, june_event)

    assert _queries_for(org_client, url) == with_one
