"""The door's offline sync racing on real PostgreSQL row locks (CI: DATABASE_URL)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from registration import services
from registration.models import CheckIn, Registration, ScanLog
from registration.selectors import door_event
from tests.factories import EventFactory, RegistrationFactory
from tests.support import make_user, run_parallel

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def open_event():
    now = timezone.now()
    return EventFactory(start_at=now - timedelta(minutes=10), end_at=now + timedelta(hours=3))


def scan(registration, ref, *, minutes_ago, device):
    return services.Scan(
        ref=ref,
        code=registration.code,
        event=door_event(registration.event.slug),
        scanned_at=timezone.now() - timedelta(minutes=minutes_ago),
        device=device,
    )


def test_two_batches_with_the_same_ticket_at_the_same_moment_give_one_ok():
    registration = RegistrationFactory(event=open_event())
    doors = [make_user(f"door{i}", "volunteer") for i in range(2)]
    batches = [[scan(registration, f"ref-door-{i}-0001", minutes_ago=5 - i, device=f"door-{i}")] for i in range(2)]

    results = run_parallel(2, lambda i: services.check_in_batch(scans=batches[i], scanned_by=doors[i])[0].result)

    assert sorted(results) == ["already", "ok"]
    checkin = CheckIn.objects.get(registration=registration)
    # Whichever reached the server first, the record is the earlier scan (door-0's).
    assert checkin.device == "door-0"
    assert ScanLog.objects.filter(registration=registration).count() == 2


def test_the_same_batch_sent_twice_at_once_records_it_once():
    event = open_event()
    people = [RegistrationFactory(event=event) for _ in range(30)]
    door = make_user("door", "volunteer")
    batch = [scan(person, f"ref-retry-{n:04d}", minutes_ago=3, device="door-1") for n, person in enumerate(people)]

    results = run_parallel(4, lambda i: services.check_in_batch(scans=batch, scanned_by=door))

    assert all(answer.result == "ok" for answers in results for answer in answers)
    assert sum(1 for answers in results if not any(a.duplicate for a in answers)) == 1
    assert CheckIn.objects.count() == 30 and ScanLog.objects.count() == 30


def test_batches_overlapping_in_both_orders_do_not_deadlock():
    event = open_event()
    people = [RegistrationFactory(event=event) for _ in range(40)]
    doors = [make_user(f"door{i}", "volunteer") for i in range(4)]

    def sync(i):
        order = people if i % 2 else list(reversed(people))
        batch = [scan(p, f"ref-{i}-{n:04d}", minutes_ago=10 - i, device=f"door-{i}") for n, p in enumerate(order)]
        return [a.result for a in services.check_in_batch(scans=batch, scanned_by=doors[i])]

    results = run_parallel(4, sync)

    assert sum(r.count("ok") for r in results) == 40
    assert CheckIn.objects.filter(undone_at__isnull=True).count() == 40
    # Every check-in is the earliest scan of its ticket: door-0 scanned 10 minutes ago, the others later.
    assert set(CheckIn.objects.values_list("device", flat=True)) == {"door-0"}


def test_a_single_scan_racing_a_batch_gives_one_ok():
    registration = RegistrationFactory(event=open_event())
    doors = [make_user(f"door{i}", "volunteer") for i in range(10)]

    def work(i):
        if i % 2:
            return services.check_in(code=registration.code, event=registration.event, scanned_by=doors[i]).result
        batch = [scan(registration, f"ref-mixed-{i:04d}", minutes_ago=1, device=f"door-{i}")]
        return services.check_in_batch(scans=batch, scanned_by=doors[i])[0].result

    results = run_parallel(10, work)

    assert results.count("ok") == 1 and results.count("already") == 9
    assert CheckIn.objects.filter(registration=registration).count() == 1


def test_a_walk_in_sent_twice_at_once_registers_one_person():
    event = open_event()
    door = make_user("door", "volunteer")

    def walk_in(i):
        return services.register_walk_in(
            event=event, applicant=services.Applicant(full_name="Ерлан Жаңа"), by=door, ref="ref-walk-in-0001"
        )

    results = run_parallel(4, walk_in)

    assert [r.result for r in results] == ["ok"] * 4
    assert sum(1 for r in results if not r.duplicate) == 1
    assert Registration.objects.filter(event=event).count() == 1
    assert CheckIn.objects.count() == 1
