from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError
from registration import services
from registration.models import CheckIn, Registration, RegistrationStatus, Role, ScanLog, ScanResult, Source
from registration.services import Applicant, DuplicateRegistration
from registration.tasks import queue_due_reminders_task
from tests.conftest import make_user
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def applicant(n: int = 1, **extra) -> Applicant:
    return Applicant(full_name=f"Қатысушы {n}", phone=f"+7701000{n:04d}", **extra)


def register(event, n=1, **extra):
    return services.register_participant(event=event, applicant=applicant(n, **extra), consent=True)


def test_register_confirms_while_places_last():
    event = EventFactory(capacity=2)

    first, second, third = (register(event, n) for n in (1, 2, 3))

    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    assert first.consent_at is not None and "дербес деректер" in first.consent_text.lower()
    assert first.phone == "+77010000001"
    assert len(first.code) >= 22 and first.code != second.code


def test_speakers_do_not_take_participants_places():
    event = EventFactory(capacity=1)
    services.register_participant(event=event, applicant=applicant(9, role=Role.SPEAKER), source=Source.ORGANISER)

    participant = register(event, 1)

    assert participant.status == RegistrationStatus.CONFIRMED


def test_register_twice_with_same_phone_points_to_existing_ticket():
    event = EventFactory()
    first = register(event, 1)

    with pytest.raises(DuplicateRegistration) as info:
        services.register_participant(
            event=event, applicant=Applicant(full_name=" қатысушы   1 ", phone=first.phone), consent=True
        )

    assert info.value.existing == first
    assert info.value.same_person is True
    assert info.value.extra == {"status": "confirmed", "ticket_url": f"/t/{first.code}"}
    assert Registration.objects.filter(event=event).count() == 1


def test_duplicate_with_another_name_does_not_reveal_the_ticket():
    event = EventFactory()
    first = register(event, 1)

    with pytest.raises(DuplicateRegistration) as info:
        services.register_participant(
            event=event, applicant=Applicant(full_name="Басқа адам", phone=first.phone), consent=True
        )

    assert info.value.same_person is False
    assert info.value.extra == {"status": "confirmed"}


def test_duplicate_email_is_refused_case_insensitively():
    event = EventFactory()
    register(event, 1, email="aigerim@example.kz")

    with pytest.raises(DuplicateRegistration):
        register(event, 2, email="AIGERIM@example.kz")


def test_same_phone_may_register_for_another_event_and_after_cancelling():
    event, other = EventFactory(), EventFactory()
    first = register(event, 1)
    services.cancel_registration(registration=first)

    again = register(event, 1)
    elsewhere = register(other, 1)

    assert again.status == elsewhere.status == RegistrationStatus.CONFIRMED


def test_database_refuses_a_second_live_registration_for_a_phone():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, phone=registration.phone)


def test_database_refuses_unnormalised_phone_and_online_without_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(phone="87011234567")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(consent_at=None, source=Source.ONLINE)


@pytest.mark.parametrize(
    "change",
    [
        {"status": "draft"},
        {"status": "cancelled"},
        {"status": "finished"},
    ],
)
def test_no_registration_for_unpublished_events(change):
    event = EventFactory(**change)

    with pytest.raises(DomainError) as info:
        register(event)

    assert info.value.code == "event_closed"
    assert Registration.objects.count() == 0


def test_no_registration_outside_the_window():
    now = timezone.now()
    not_yet = EventFactory(registration_opens_at=now + timedelta(days=1))
    closed = EventFactory(registration_closes_at=now - timedelta(minutes=1), start_at=now + timedelta(days=1))
    started = EventFactory(start_at=now - timedelta(minutes=5), end_at=now + timedelta(hours=1))

    for event in (not_yet, closed, started):
        with pytest.raises(DomainError) as info:
            register(event)
        assert info.value.code == "registration_closed"
    assert Registration.objects.count() == 0


def test_consent_is_required_online():
    with pytest.raises(DomainError) as info:
        services.register_participant(event=EventFactory(), applicant=applicant(), consent=False)

    assert info.value.code == "consent_required"
    assert Registration.objects.count() == 0


def test_cancellation_promotes_first_waiting_and_tells_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    holder = register(event, 1)
    first_waiting = register(event, 2, email="second@example.kz")
    second_waiting = register(event, 3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(registration=holder)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert promoted == first_waiting
    assert first_waiting.status == RegistrationStatus.CONFIRMED and first_waiting.promoted_at is not None
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [["second@example.kz"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_cancellation_records_who_cancelled():
    event = EventFactory()
    by_organiser, by_self = register(event, 1), register(event, 2)
    organiser = make_user("org", "organiser")

    services.cancel_registration(registration=by_organiser, by=organiser)
    services.cancel_registration(registration=by_self)

    by_organiser.refresh_from_db()
    by_self.refresh_from_db()
    assert (by_organiser.cancelled_by, by_self.cancelled_by) == (organiser, None)
    assert by_organiser.cancelled_at is not None and by_self.cancelled_at is not None


def test_cancelling_twice_changes_nothing():
    event = EventFactory(capacity=1)
    holder = register(event, 1)
    waiting = register(event, 2)
    services.cancel_registration(registration=holder)

    assert services.cancel_registration(registration=holder) is None
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    other_waiting = register(event, 3)

    assert services.cancel_registration(registration=waiting) is None
    assert Registration.objects.get(pk=other_waiting.pk).status == RegistrationStatus.WAITLISTED


def test_cannot_cancel_after_check_in():
    registration = RegistrationFactory()
    services.check_in(code=registration.code, event=registration.event, scanned_by=make_user("door", "volunteer"))

    with pytest.raises(DomainError) as info:
        services.cancel_registration(registration=registration)

    assert info.value.code == "attended"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_raising_capacity_promotes_the_waitlist():
    event = EventFactory(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    event.capacity = 2
    event.save()

    promoted = services.promote_after_capacity_change(event=event)

    assert promoted == [waiting]


def test_registration_email_is_sent_in_the_participants_language(django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.register_participant(
            event=event, applicant=applicant(1, email="x@example.kz", language="ru"), consent=True
        )

    assert len(mail.outbox) == 1
    assert event.title_ru in mail.outbox[0].subject


# --- check-in ---------------------------------------------------------------------------


@pytest.fixture
def door():
    return make_user("door", "volunteer")


def test_first_scan_admits_second_says_already(door):
    registration = RegistrationFactory()

    first = services.check_in(code=registration.code, event=registration.event, scanned_by=door, device="d1")
    second = services.check_in(code=registration.code, event=registration.event, scanned_by=door, device="d2")

    assert first.result == ScanResult.OK
    assert second.result == ScanResult.ALREADY
    assert second.checked_in_at == first.checked_in_at
    assert second.checked_in_by == "door"
    assert CheckIn.objects.filter(registration=registration).count() == 1
    assert list(ScanLog.objects.order_by("pk").values_list("result", "device")) == [("ok", "d1"), ("already", "d2")]


def test_scan_accepts_the_ticket_url(door):
    registration = RegistrationFactory()

    outcome = services.check_in(
        code=f"https://events.example.kz/t/{registration.code}", event=registration.event, scanned_by=door
    )

    assert outcome.result == ScanResult.OK


def test_scan_results_for_wrong_event_cancelled_waitlisted_unknown(door):
    event = EventFactory()
    other = RegistrationFactory()
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    results = [
        services.check_in(code=code, event=event, scanned_by=door).result
        for code in (other.code, cancelled.code, waiting.code, "no-such-code", "", "x" * 500)
    ]

    assert results == ["wrong_event", "cancelled", "waitlisted", "unknown", "unknown", "unknown"]
    assert CheckIn.objects.count() == 0
    assert ScanLog.objects.count() == 6


def test_undo_needs_a_reason_and_allows_a_new_check_in(door):
    registration = RegistrationFactory()
    services.check_in(code=registration.code, event=registration.event, scanned_by=door)

    with pytest.raises(DomainError) as info:
        services.undo_check_in(registration=registration, by=door, reason="  ")
    assert info.value.code == "reason_required"

    undone = services.undo_check_in(registration=registration, by=door, reason="Scanned the wrong person")
    again = services.check_in(code=registration.code, event=registration.event, scanned_by=door)

    assert undone.undo_reason == "Scanned the wrong person" and undone.undone_by == door
    assert again.result == ScanResult.OK
    assert CheckIn.objects.filter(registration=registration, undone_at__isnull=True).count() == 1
    with pytest.raises(DomainError):
        services.undo_check_in(registration=RegistrationFactory(), by=door, reason="nothing to undo")


def test_walk_in_is_registered_and_admitted_at_once(door):
    event = EventFactory(capacity=1)

    outcome = services.register_walk_in(event=event, applicant=Applicant(full_name="Келген адам"), by=door)

    assert outcome.result == ScanResult.OK
    registration = outcome.registration
    assert registration.source == Source.WALK_IN and registration.status == RegistrationStatus.CONFIRMED
    assert CheckIn.objects.get(registration=registration).manual is True
    with pytest.raises(DomainError) as info:
        services.register_walk_in(event=event, applicant=Applicant(full_name="Тағы біреу"), by=door)
    assert info.value.code == "full"


def test_reminders_are_queued_once_for_tomorrows_events(django_capture_on_commit_callbacks):
    soon = EventFactory(start_at=timezone.now() + timedelta(hours=20))
    later = EventFactory(start_at=timezone.now() + timedelta(days=3))
    due = RegistrationFactory(event=soon, email="due@example.kz")
    RegistrationFactory(event=soon)  # no email
    RegistrationFactory(event=soon, email="w@example.kz", status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=later, email="later@example.kz")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_due_reminders_task()
        second = queue_due_reminders_task()

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["due@example.kz"]]
    due.refresh_from_db()
    assert due.reminder_sent_at is not None
