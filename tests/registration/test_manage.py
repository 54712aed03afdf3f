"""The organiser's attendee pages: list, filters, manual check-in and undo, adding, cancelling."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from events.models import EventStatus
from registration import services
from registration.models import CheckIn, Registration, RegistrationStatus, Role, ScanLog, ScanResult, Source
from tests.conftest import make_user
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages and messages in English, so the tests can read them whatever the default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def url(name: str, *args) -> str:
    return reverse(f"registration_manage:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def names_in(response) -> list[str]:
    return [r.full_name for r in response.context["page"]]


def check_in(registration, user):
    return services.check_in(code=registration.code, event=registration.event, scanned_by=user)


def action_urls(event, registration) -> dict[str, str]:
    return {
        "check_in": url("check_in", event.slug, registration.pk),
        "undo_check_in": url("undo_check_in", event.slug, registration.pk),
        "cancel": url("cancel", event.slug, registration.pk),
    }


def page_urls(event) -> list[str]:
    return [url(name, event.slug) for name in ("attendees", "add", "import", "export_csv", "export_xlsx")]


# Access


def test_list_shows_phones_and_emails_to_organisers(organiser_client):
    registration = RegistrationFactory(
        full_name="Айгерім Сәрсенова",
        phone="+77011234567",
        email="aigerim@example.kz",
        organisation="№5 мектеп",
        age=16,
    )

    response = organiser_client.get(url("attendees", registration.event.slug))

    assert response.status_code == 200
    assert response.context["contacts"] is True
    assert names_in(response) == ["Айгерім Сәрсенова"]
    content = response.content.decode()
    assert "+77011234567" in content
    assert "aigerim@example.kz" in content
    assert "№5 мектеп" in content


def test_list_without_view_contacts_hides_phones_and_emails(client):
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    registration = RegistrationFactory(phone="+77011234567", email="hidden@example.kz")

    response = client.get(url("attendees", registration.event.slug))
    csv = client.get(url("export_csv", registration.event.slug))

    assert response.status_code == 200
    assert "+77011234567" not in response.content.decode()
    assert "hidden@example.kz" not in response.content.decode()
    assert "+77011234567" not in csv.content.decode("utf-8-sig")
    assert csv.content.decode("utf-8-sig").splitlines()[0] == (
        "Full name;Organisation;Age;District;Role;Status;Registered at;Checked in at"
    )
    # Viewing is not acting: no buttons, and a POST is refused.
    assert "Check in</button>" not in response.content.decode()
    assert client.post(url("check_in", registration.event.slug, registration.pk)).status_code == 403


def test_volunteer_gets_403_on_every_attendee_page_and_action(volunteer_client, volunteer):
    registration = RegistrationFactory()
    event = registration.event
    check_in(registration, volunteer)

    codes = {u: volunteer_client.get(u).status_code for u in page_urls(event)}
    for action in action_urls(event, registration).values():
        codes[action] = volunteer_client.post(action, {"reason": "x"}).status_code
    codes[url("import", event.slug) + " POST"] = volunteer_client.post(url("import", event.slug)).status_code

    assert set(codes.values()) == {403}, codes
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert list(CheckIn.objects.values_list("registration_id", "undone_at")) == [(registration.pk, None)]


def test_anonymous_is_sent_to_login(client):
    registration = RegistrationFactory()
    event = registration.event

    responses = [client.get(u) for u in page_urls(event)]
    responses += [client.post(u) for u in action_urls(event, registration).values()]

    login = reverse("login")
    assert [(r.status_code, r.url.split("?")[0]) for r in responses] == [(302, login)] * len(responses)
    assert CheckIn.objects.count() == 0
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_unknown_event_is_404(organiser_client):
    assert organiser_client.get(url("attendees", "no-such-event")).status_code == 404


def test_actions_need_post(organiser_client):
    registration = RegistrationFactory()

    response = organiser_client.get(url("check_in", registration.event.slug, registration.pk))

    assert response.status_code == 405
    assert CheckIn.objects.count() == 0


# The list


def test_list_filters_by_status_role_and_check_in(organiser_client, organiser):
    event = EventFactory()
    RegistrationFactory(event=event, full_name="Confirmed one")
    arrived = RegistrationFactory(event=event, full_name="Arrived one")
    RegistrationFactory(event=event, full_name="Waiting one", status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, full_name="Gone one", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, full_name="Press one", role=Role.PRESS)
    undone = RegistrationFactory(event=event, full_name="Undone one")
    RegistrationFactory(full_name="Other event")
    check_in(arrived, organiser)
    check_in(undone, organiser)
    services.undo_check_in(registration=undone, by=organiser, reason="Wrong person")
    base = url("attendees", event.slug)

    def names(**params):
        return names_in(organiser_client.get(base, params))

    assert names() == ["Confirmed one", "Arrived one", "Waiting one", "Gone one", "Press one", "Undone one"]
    assert names(status="waitlisted") == ["Waiting one"]
    assert names(status="cancelled") == ["Gone one"]
    assert names(role="press") == ["Press one"]
    assert names(checked="yes") == ["Arrived one"]
    assert names(checked="no") == ["Confirmed one", "Waiting one", "Gone one", "Press one", "Undone one"]
    assert names(status="confirmed", checked="no", role="participant") == ["Confirmed one", "Undone one"]
    assert names(status="bogus", checked="maybe") == names()


def test_list_search_by_name_and_phone_digits(organiser_client):
    event = EventFactory()
    RegistrationFactory(event=event, full_name="Әсел Нұрланқызы", phone="+77019998877")
    RegistrationFactory(event=event, full_name="Бауыржан Оспанов", phone="+77471112233")
    base = url("attendees", event.slug)

    assert names_in(organiser_client.get(base, {"q": "нұрлан"})) == ["Әсел Нұрланқызы"]
    assert names_in(organiser_client.get(base, {"q": "ӘСЕЛ"})) == ["Әсел Нұрланқызы"]
    assert names_in(organiser_client.get(base, {"q": "747 111"})) == ["Бауыржан Оспанов"]
    assert names_in(organiser_client.get(base, {"q": "8 (701) 999-88-77"})) == ["Әсел Нұрланқызы"]
    assert names_in(organiser_client.get(base, {"q": "nobody"})) == []


def test_list_counts_at_the_top(organiser_client, organiser):
    event = EventFactory(capacity=10)
    first, *_ = RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CANCELLED)
    check_in(first, organiser)

    response = organiser_client.get(url("attendees", event.slug))

    assert response.context["counts"] == {"total": 6, "confirmed": 3, "waitlisted": 1, "cancelled": 2, "checked_in": 1}


def test_list_pages_by_fifty(organiser_client):
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(51, event=event)

    first = organiser_client.get(url("attendees", event.slug))
    second = organiser_client.get(url("attendees", event.slug), {"page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert second.context["page"].paginator.count == 51


def test_list_queries_do_not_grow_with_attendees(organiser_client, organiser, django_assert_num_queries):
    event = EventFactory()
    check_in(RegistrationFactory(event=event), organiser)
    list_url = url("attendees", event.slug)
    organiser_client.get(list_url)  # The first request of a session may do one-off work.
    with CaptureQueriesContext(connection) as one:
        response = organiser_client.get(list_url)
    assert len(response.context["page"]) == 1

    for registration in RegistrationFactory.create_batch(2, event=event):
        check_in(registration, organiser)

    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(list_url)
    assert len(response.context["page"]) == 3
    assert all(r.active_checkin_at is not None for r in response.context["page"])


# Manual check-in and undo


def test_manual_check_in_creates_one_checkin_then_says_already(organiser_client, organiser):
    registration = RegistrationFactory(full_name="Дана Ержанова")
    target = url("check_in", registration.event.slug, registration.pk)
    back = url("attendees", registration.event.slug) + "?status=confirmed"

    first = organiser_client.post(target, {"next": back})
    second = organiser_client.post(target, {"next": back})

    assert first.status_code == 302 and first.url == back
    assert messages_of(first) == ["Дана Ержанова is checked in."]
    # The first message was never shown (no page in between), so it is still queued.
    assert messages_of(second)[-1].startswith("Already checked in: Дана Ержанова, at ")
    assert list(CheckIn.objects.values_list("registration_id", "checked_in_by_id", "manual", "undone_at")) == [
        (registration.pk, organiser.pk, True, None)
    ]
    assert list(ScanLog.objects.order_by("pk").values_list("result", flat=True)) == [ScanResult.OK, ScanResult.ALREADY]


def test_manual_check_in_of_a_waitlisted_person_is_refused(organiser_client):
    registration = RegistrationFactory(status=RegistrationStatus.WAITLISTED, full_name="Waiting")

    response = organiser_client.post(url("check_in", registration.event.slug, registration.pk))

    assert messages_of(response) == ["Waiting: This person is on the waitlist"]
    assert CheckIn.objects.count() == 0


def test_check_in_of_another_events_registration_is_404(organiser_client):
    registration = RegistrationFactory()
    other = EventFactory()

    response = organiser_client.post(url("check_in", other.slug, registration.pk))

    assert response.status_code == 404
    assert CheckIn.objects.count() == 0


def test_redirect_after_an_action_never_leaves_the_site(organiser_client):
    registration = RegistrationFactory()

    response = organiser_client.post(
        url("check_in", registration.event.slug, registration.pk), {"next": "https://evil.example/phish"}
    )

    assert response.url == url("attendees", registration.event.slug)


def test_undo_without_reason_is_refused_and_changes_nothing(organiser_client, organiser):
    registration = RegistrationFactory()
    check_in(registration, organiser)

    response = organiser_client.post(url("undo_check_in", registration.event.slug, registration.pk), {"reason": "  "})

    assert messages_of(response) == ["Say why the check-in is undone."]
    assert list(CheckIn.objects.values_list("undone_at", "undone_by", "undo_reason")) == [(None, None, "")]


def test_undo_with_reason_keeps_who_when_and_why(organiser_client, organiser):
    registration = RegistrationFactory(full_name="Ерлан")
    check_in(registration, organiser)

    response = organiser_client.post(
        url("undo_check_in", registration.event.slug, registration.pk), {"reason": "Scanned the wrong ticket"}
    )

    assert messages_of(response) == ["The check-in of Ерлан is undone."]
    checkin = CheckIn.objects.get()
    assert checkin.undone_at is not None
    assert (checkin.undone_by, checkin.undo_reason) == (organiser, "Scanned the wrong ticket")
    listed = organiser_client.get(url("attendees", registration.event.slug))
    assert [r.active_checkin_at for r in listed.context["page"]] == [None]


def test_undo_when_not_checked_in_says_so(organiser_client):
    registration = RegistrationFactory()

    response = organiser_client.post(url("undo_check_in", registration.event.slug, registration.pk), {"reason": "Oops"})

    assert messages_of(response) == ["This person is not checked in."]
    assert CheckIn.objects.count() == 0


# Adding people


def person(**extra) -> dict:
    data = {
        "full_name": "  Марат   Әлиев ",
        "role": Role.SPEAKER,
        "phone": "",
        "email": "",
        "organisation": "",
        "age": "",
        "district": "",
        "language": "ru",
    }
    return data | extra


def test_add_a_speaker_without_phone(organiser_client, organiser):
    event = EventFactory()

    response = organiser_client.post(url("add", event.slug), person())

    assert response.status_code == 302 and response.url == url("attendees", event.slug)
    assert list(
        Registration.objects.values_list(
            "event", "full_name", "phone", "role", "status", "source", "language", "created_by", "consent_at"
        )
    ) == [
        (
            event.pk,
            "Марат Әлиев",
            "",
            Role.SPEAKER,
            RegistrationStatus.CONFIRMED,
            Source.ORGANISER,
            "ru",
            organiser.pk,
            None,
        )
    ]
    assert messages_of(response) == ["Марат Әлиев (Speaker) is added."]


def test_add_normalises_the_phone_and_lowercases_the_email(organiser_client):
    event = EventFactory()

    organiser_client.post(
        url("add", event.slug),
        person(role=Role.PRESS, phone="8 (747) 123-45-67", email="Press@Example.KZ", district="turan", age="30"),
    )

    assert list(Registration.objects.values_list("phone", "email", "role", "district", "age")) == [
        ("+77471234567", "press@example.kz", Role.PRESS, "turan", 30)
    ]


def test_add_with_a_bad_phone_shows_the_error_and_creates_nothing(organiser_client):
    event = EventFactory()

    response = organiser_client.post(url("add", event.slug), person(phone="12345"))

    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "Enter a mobile number, e.g. +7 701 123 45 67 (other countries with their code, e.g. +998 …)."
    ]
    assert Registration.objects.count() == 0


def test_add_a_phone_already_registered_is_refused(organiser_client):
    existing = RegistrationFactory(phone="+77011234567")

    response = organiser_client.post(url("add", existing.event.slug), person(phone="87011234567"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This phone number or email is already registered for this event (Confirmed)."
    ]
    assert Registration.objects.count() == 1


def test_add_a_participant_to_a_full_event_puts_them_on_the_waitlist(organiser_client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    response = organiser_client.post(url("add", event.slug), person(role=Role.PARTICIPANT))

    added = Registration.objects.get(full_name="Марат Әлиев")
    assert added.status == RegistrationStatus.WAITLISTED
    assert messages_of(response) == ["Марат Әлиев (Participant) is on the waitlist: the event is full."]


def test_add_to_a_cancelled_event_is_refused(organiser_client):
    event = EventFactory(status=EventStatus.CANCELLED)

    response = organiser_client.post(url("add", event.slug), person())

    assert response.context["form"].non_field_errors() == ["Registration for this event is not possible."]
    assert Registration.objects.count() == 0


# Cancelling


def test_cancel_frees_the_place_for_the_first_on_the_waitlist(organiser_client):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event, full_name="Holder")
    waiting = RegistrationFactory(event=event, full_name="Waiting", status=RegistrationStatus.WAITLISTED)

    response = organiser_client.post(url("cancel", event.slug, holder.pk))

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert holder.cancelled_at is not None and waiting.promoted_at is not None
    assert messages_of(response) == [
        "The registration of Holder is cancelled.",
        "Waiting moved up from the waitlist and is now confirmed.",
    ]


def test_cancel_after_check_in_is_refused(organiser_client, organiser):
    registration = RegistrationFactory()
    check_in(registration, organiser)

    response = organiser_client.post(url("cancel", registration.event.slug, registration.pk))

    assert messages_of(response) == ["This person has already been checked in; the registration cannot be cancelled."]
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at) == (RegistrationStatus.CONFIRMED, None)


# Admin


def test_admin_lists_registrations_checkins_and_scans_read_only(admin_client, organiser):
    registration = RegistrationFactory(full_name="Admin visible")
    check_in(registration, organiser)
    checkin = CheckIn.objects.get()

    pages = [
        reverse("admin:registration_registration_changelist") + "?q=visible",
        reverse("admin:registration_registration_change", args=[registration.pk]),
        reverse("admin:registration_checkin_changelist"),
        reverse("admin:registration_checkin_change", args=[checkin.pk]),
        reverse("admin:registration_scanlog_changelist"),
    ]

    assert [admin_client.get(page).status_code for page in pages] == [200] * 5
    assert "Admin visible" in admin_client.get(pages[0]).content.decode()
    assert admin_client.get(reverse("admin:registration_checkin_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:registration_checkin_delete", args=[checkin.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert CheckIn.objects.count() == 1
