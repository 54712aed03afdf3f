"""Rules that protect the grant's records: a certificate only once the event has taken place
(it has ended, or an organiser marked it finished after it started), and "Mark finished" never
for an event still to come."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import DomainError
from core.services import issue_api_token
from documents.certificates import issue_certificate, start_certificate_job
from documents.models import Certificate
from events.models import EventStatus
from events.services import finish_event, has_taken_place
from registration.models import CheckIn
from tests.factories import EventFactory, RegistrationFactory
from tests.support import messages_of

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def english(settings):
    """Pages and messages in English (a browser that asks for nothing gets Kazakh)."""
    settings.LANGUAGE_CODE = "en"


def event_at(start_offset: timedelta, hours: int = 2, **extra):
    start = timezone.now() + start_offset
    return EventFactory(start_at=start, end_at=start + hours * HOUR, **extra)


def came(event, by=None):
    """A registration checked in at `event` (the check-in row itself: the door's window is
    another rule)."""
    registration = RegistrationFactory(event=event)
    by = by or User.objects.get_or_create(username="door")[0]
    CheckIn.objects.create(registration=registration, checked_in_by=by)
    return registration


FUTURE = timedelta(days=7)
RUNNING = -HOUR  # started an hour ago, ends in an hour
OVER = -3 * HOUR  # ended an hour ago


# --- The rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [FUTURE, RUNNING], ids=["a week early", "while it runs"])
def test_certificate_is_refused_before_the_event_has_taken_place(offset):
    registration = came(event_at(offset))

    with pytest.raises(DomainError) as error:
        issue_certificate(registration=registration)

    assert error.value.code == "event_not_over"
    assert Certificate.objects.count() == 0


def test_certificate_is_issued_once_the_event_has_ended():
    registration = came(event_at(OVER))

    certificate = issue_certificate(registration=registration)

    assert Certificate.objects.get() == certificate
    assert certificate.file


def test_certificate_is_issued_once_a_running_event_is_marked_finished():
    event = event_at(RUNNING)
    registration = came(event)
    finish_event(event=event)

    certificate = issue_certificate(registration=registration)

    assert Certificate.objects.get() == certificate


def test_a_cancelled_event_never_gives_certificates():
    registration = came(event_at(OVER, status=EventStatus.CANCELLED))

    with pytest.raises(DomainError) as error:
        issue_certificate(registration=registration)

    assert error.value.code == "event_not_over"


def test_the_refusal_is_translated():
    registration = came(event_at(FUTURE))

    with translation.override("kk"), pytest.raises(DomainError) as kazakh:
        issue_certificate(registration=registration)
    with translation.override("ru"), pytest.raises(DomainError) as russian:
        issue_certificate(registration=registration)

    assert kazakh.value.message.startswith("Сертификат")
    assert russian.value.message.startswith("Сертификат")
    assert kazakh.value.message != russian.value.message


def test_has_taken_place_follows_the_end_and_the_finished_mark():
    now = timezone.now()

    assert [has_taken_place(event_at(offset), now=now) for offset in (FUTURE, RUNNING, OVER)] == [False, False, True]
    assert has_taken_place(event_at(RUNNING, status=EventStatus.FINISHED), now=now) is True
    assert has_taken_place(event_at(OVER, status=EventStatus.DRAFT), now=now) is False


def test_the_certificate_job_is_refused_before_the_event_is_over(organiser):
    event = event_at(RUNNING)
    came(event)

    with pytest.raises(DomainError) as error:
        start_certificate_job(event=event, by=organiser)

    assert error.value.code == "event_not_over"


def test_the_api_refuses_certificates_before_the_event_is_over(client, organiser):
    event = event_at(FUTURE)
    came(event)
    token = issue_api_token(username=organiser.username)

    response = client.post(
        f"/api/events/{event.slug}/certificates",
        "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert (response.status_code, response.json()["code"]) == (409, "event_not_over")
    assert Certificate.objects.count() == 0


# --- The pages ---------------------------------------------------------------------------------------


def test_the_ticket_page_offers_no_certificate_before_the_event_is_over(client):
    registration = came(event_at(RUNNING))

    page = client.get(reverse("registration:ticket", args=[registration.code])).content.decode()

    assert reverse("documents:certificate", args=[registration.code]) not in page
    assert "once the event is over" in page


def test_the_ticket_page_offers_the_certificate_afterwards(client):
    registration = came(event_at(OVER))

    page = client.get(reverse("registration:ticket", args=[registration.code])).content.decode()

    assert reverse("documents:certificate", args=[registration.code]) in page


def test_the_certificate_link_before_the_end_explains_and_issues_nothing(client):
    registration = came(event_at(FUTURE))

    response = client.get(reverse("documents:certificate", args=[registration.code]))

    assert response.status_code == 302
    assert response["Location"] == reverse("registration:ticket", args=[registration.code])
    assert [m for m in messages_of(response) if "once the event has taken place" in m]
    assert Certificate.objects.count() == 0


def test_verify_does_not_confirm_a_certificate_of_an_event_still_to_come():
    """A certificate made a week early, before the rule existed, is not called genuine."""
    event = event_at(OVER)
    registration = came(event)
    certificate = issue_certificate(registration=registration)
    event.start_at, event.end_at = timezone.now() + FUTURE, timezone.now() + FUTURE + HOUR
    event.save()

    response = Client().get(reverse("documents:verify", args=[certificate.verify_code]))

    assert response.status_code == 404


def test_the_attendee_list_offers_certificates_only_after_the_event(organiser_client):
    running, over = event_at(RUNNING), event_at(OVER)
    start = reverse("documents:start_certificates", args=[running.slug])

    before = organiser_client.get(reverse("registration_manage:attendees", args=[running.slug])).content.decode()
    after = organiser_client.get(reverse("registration_manage:attendees", args=[over.slug])).content.decode()

    assert start not in before
    assert "Certificates can be issued once the event has taken place." in before
    assert reverse("documents:start_certificates", args=[over.slug]) in after


# --- Mark finished -----------------------------------------------------------------------------------


def test_mark_finished_is_not_offered_for_a_future_event(organiser_client):
    future, running = event_at(FUTURE), event_at(RUNNING)

    future_page = organiser_client.get(reverse("manage:event_edit", args=[future.slug])).content.decode()
    running_page = organiser_client.get(reverse("manage:event_edit", args=[running.slug])).content.decode()

    assert reverse("manage:event_finish", args=[future.slug]) not in future_page
    assert reverse("manage:event_finish", args=[running.slug]) in running_page


def test_finishing_a_future_event_is_refused(organiser_client):
    event = event_at(FUTURE)

    with pytest.raises(DomainError) as error:
        finish_event(event=event)
    response = organiser_client.post(reverse("manage:event_finish", args=[event.slug]))

    assert error.value.code == "event_not_started"
    assert messages_of(response) == ["An event cannot be marked finished before it starts."]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
