"""A waitlisted person's ticket (PDF and page) admits no one: no QR code, no "show this at the
entrance"; it says they are waiting, their place in the queue, and how they will learn that a
place is theirs (by email only if they gave one)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from registration import services
from registration.models import RegistrationStatus, Role
from registration.services import Applicant
from registration.templatetags.places import event_places
from registration.tickets import ticket_pdf, ticket_url, waitlist_position
from tests.factories import EventFactory, RegistrationFactory
from tests.pdf_tools import pdf_text, qr_codes_on_page

pytestmark = pytest.mark.django_db

SHOW_AT_ENTRANCE = "Show this QR code at the entrance."


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def full_event():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    return event


def _waiting(event, n: int, **contacts):
    contacts.setdefault("phone", f"+7702000{n:04d}")
    return services.register_participant(
        event=event, applicant=Applicant(full_name=f"Күтуші {n}", language="en", **contacts), consent=True
    )


def test_confirmed_ticket_pdf_has_the_qr_and_says_show_it(full_event):
    confirmed = full_event.registrations.get()

    pdf = ticket_pdf(confirmed, "en")

    assert qr_codes_on_page(pdf) == [ticket_url(confirmed)]
    assert SHOW_AT_ENTRANCE in pdf_text(pdf)


def test_waitlisted_ticket_pdf_has_no_qr_and_says_how_they_will_be_told_by_email(full_event):
    waiting = _waiting(full_event, 1, email="aru@example.kz")
    assert waiting.status == RegistrationStatus.WAITLISTED

    pdf = ticket_pdf(waiting, "en")

    text = _flat(pdf_text(pdf))
    assert qr_codes_on_page(pdf) == []
    assert SHOW_AT_ENTRANCE not in text
    assert "You are on the waitlist, number 1. This is not an entry ticket yet." in text
    assert "As soon as a place is free, we will email you your ticket with its QR code." in text
    assert ticket_url(waiting) in text.replace(" ", "")


def test_waitlisted_ticket_pdf_without_email_promises_no_email(full_event):
    by_phone = _waiting(full_event, 1)
    # Organisers may add a person with neither a phone nor an email.
    no_contact = RegistrationFactory(event=full_event, phone="", status=RegistrationStatus.WAITLISTED)

    phone_text = _flat(pdf_text(ticket_pdf(by_phone, "en")))
    none_text = _flat(pdf_text(ticket_pdf(no_contact, "en")))

    assert "the organisers will call you" in phone_text
    assert "we will email you" not in phone_text
    assert "You are on the waitlist, number 2." in none_text
    assert "You gave no email or phone, so we cannot tell you: check your ticket page before the event." in none_text
    assert "call you" not in none_text


def test_waitlisted_ticket_pdf_in_kazakh(full_event):
    waiting = _waiting(full_event, 1)

    text = _flat(pdf_text(ticket_pdf(waiting, "kk")))

    assert "Күту парағында" in text
    assert "Сіз күту парағындасыз, кезектегі нөміріңіз — 1." in text
    assert "Кіреберісте" not in text and "entrance" not in text


def test_cancelled_ticket_pdf_has_no_qr(full_event):
    cancelled = RegistrationFactory(event=full_event, status=RegistrationStatus.CANCELLED)

    pdf = ticket_pdf(cancelled, "en")

    assert qr_codes_on_page(pdf) == []
    assert "This registration is cancelled, so this ticket does not admit." in _flat(pdf_text(pdf))


def test_waitlist_position_follows_the_order_of_promotion(full_event):
    first, second, third = (_waiting(full_event, n) for n in (1, 2, 3))
    assert [waitlist_position(r) for r in (first, second, third)] == [1, 2, 3]

    services.cancel_registration(registration=full_event.registrations.get(status=RegistrationStatus.CONFIRMED))

    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert [waitlist_position(r) for r in (first, second, third)] == [None, 1, 2]


def test_ticket_page_of_a_waitlisted_person_shows_no_qr_and_how_they_are_told(client, full_event):
    waiting = _waiting(full_event, 1)

    with translation.override("en"):
        response = client.get(waiting.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    page = _flat(response.content.decode())
    assert response.status_code == 200
    assert reverse("registration:ticket_qr", args=[waiting.code]) not in page
    assert SHOW_AT_ENTRANCE not in page
    assert "You are on the waitlist, number 1." in page
    assert "the organisers will call you, and this page will show your QR code" in page


def test_waitlist_email_says_waitlist_in_its_subject(full_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        waiting = _waiting(full_event, 1, email="aru@example.kz")

    assert [message.subject for message in mail.outbox] == [f"You are on the waitlist: {full_event.title_en}"]
    assert mail.outbox[0].to == [waiting.email]


def test_the_pages_call_an_event_full_exactly_when_registration_waitlists():
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, role=Role.SPEAKER)  # Speakers take no participant's place.

    assert (services.has_room(event), event_places(event).full) == (True, False)
    assert _waiting(event, 1).status == RegistrationStatus.CONFIRMED
    assert (services.has_room(event), event_places(event).full) == (False, True)
    assert _waiting(event, 2).status == RegistrationStatus.WAITLISTED
    assert event_places(EventFactory(capacity=None)).full is False
