"""Races on real PostgreSQL row locks: run in CI (DATABASE_URL); SQLite serialises writers anyway."""

import pytest

from registration import services
from registration.models import CheckIn, Registration, RegistrationStatus, ScanLog
from tests.factories import EventFactory, RegistrationFactory
from tests.support import make_user, run_parallel

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_twenty_parallel_scans_of_one_code_give_one_ok():
    registration = RegistrationFactory()
    doors = [make_user(f"door{i}", "volunteer") for i in range(20)]

    results = run_parallel(
        20,
        lambda i: (
            services.check_in(
                code=registration.code, event=registration.event, scanned_by=doors[i], device=f"phone-{i}"
            ).result
        ),
    )

    assert sorted(results).count("ok") == 1
    assert sorted(results).count("already") == 19
    assert CheckIn.objects.filter(registration=registration).count() == 1
    assert ScanLog.objects.filter(registration=registration).count() == 20


def test_fifty_parallel_registrations_for_ten_places():
    event = EventFactory(capacity=10)

    results = run_parallel(
        50,
        lambda i: (
            services.register_participant(
                event=event,
                applicant=services.Applicant(full_name=f"Қатысушы {i}", phone=f"+7702{i:07d}"),
                consent=True,
            ).status
        ),
    )

    assert results.count("confirmed") == 10
    assert results.count("waitlisted") == 40
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 10
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count() == 40


def test_parallel_duplicates_of_one_phone_create_one_registration():
    event = EventFactory()

    def attempt(i):
        try:
            return services.register_participant(
                event=event, applicant=services.Applicant(full_name="Бір адам", phone="+77015550000"), consent=True
            ).status
        except services.DuplicateRegistration:
            return "duplicate"

    results = run_parallel(10, attempt)

    assert results.count("confirmed") == 1 and results.count("duplicate") == 9
    assert Registration.objects.filter(event=event).count() == 1


def test_parallel_cancellations_promote_each_waiting_person_once():
    event = EventFactory(capacity=5)
    holders = [
        services.register_participant(
            event=event, applicant=services.Applicant(full_name=f"H {i}", phone=f"+7703{i:07d}"), consent=True
        )
        for i in range(5)
    ]
    waiting = [
        services.register_participant(
            event=event, applicant=services.Applicant(full_name=f"W {i}", phone=f"+7704{i:07d}"), consent=True
        )
        for i in range(8)
    ]

    run_parallel(5, lambda i: services.cancel_registration(registration=holders[i]))

    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 5
    confirmed = set(Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True))
    assert confirmed == {w.pk for w in waiting[:5]}
