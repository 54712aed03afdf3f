"""Scans queued offline at the door, synced in one request (docs/door-api.md).

The same rules as a single scan (`registration.checkin`), for up to 1000 scans in a handful of
queries: a batch of 300 syncs well under a second.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event

from .checkin import (
    DEVICE_MAX,
    CheckInResult,
    device_label,
    display_name,
    log_scans,
    move_back,
    parse_ticket_code,
    refusal,
    replays,
    scan_time,
    scanner_device,
)
from .models import CheckIn, Registration, ScanResult


@dataclass(frozen=True)
class Scan:
    """One scan of a batch, read and checked at the edge. `event` carries its window's fields."""

    ref: str
    code: str
    event: Event
    scanned_at: datetime
    device: str = ""
    manual: bool = False


def check_in_batch(*, scans: list[Scan], scanned_by) -> list[CheckInResult]:
    """Record scans queued offline, in order of `scanned_at`; return one answer per scan, in
    the order given.

    One transaction: the registrations of every code are read and locked in one query in pk
    order (so two batches never deadlock, and a single scan waits for the batch), their active
    check-ins in another, the scan log in one INSERT. Idempotent by `ref`: a ref seen before
    (or earlier in the batch) is answered with its first answer, `duplicate`, and records
    nothing. Each check-in takes its scan's time (clamped to now); the window is judged at it.
    Two scans of one ticket: the first to reach the server checks the person in; a later one
    is `already` (naming that check-in), and if it was scanned earlier the check-in moves back
    to it, so the record is the earliest scan.
    """
    try:
        with transaction.atomic():
            return _check_in_batch(scans, scanned_by)
    except IntegrityError:
        # The same refs arrived in two requests at once; the other one has committed by now.
        with transaction.atomic():
            return _check_in_batch(scans, scanned_by)


def _check_in_batch(scans: list[Scan], scanned_by) -> list[CheckInResult]:
    now = timezone.now()
    answers: dict[int, CheckInResult] = {}
    seen = replays({scan.ref for scan in scans})
    first_of_ref: dict[str, int] = {}
    todo = []
    for position, scan in enumerate(scans):
        if scan.ref in seen:
            answers[position] = seen[scan.ref]
        elif scan.ref in first_of_ref:
            continue  # answered below, from the first scan with this ref
        else:
            first_of_ref[scan.ref] = position
            todo.append((position, scan))

    codes = {parse_ticket_code(scan.code) for _, scan in todo} - {""}
    registrations = {
        r.code: r
        for r in Registration.objects.select_for_update()
        .filter(code__in=codes)
        .order_by("pk")
        .only("event", "full_name", "organisation", "role", "status", "code")
    }
    active = {
        c.registration_id: c
        for c in CheckIn.objects.active()
        .filter(registration_id__in=[r.pk for r in registrations.values()])
        .select_related("checked_in_by")
        .order_by()
    }
    name = display_name(scanned_by)
    new_checkins, moved, log_rows = [], {}, []
    for position, scan in sorted(todo, key=lambda item: (item[1].scanned_at, item[0])):
        code = parse_ticket_code(scan.code)
        at = scan_time(scan.scanned_at, now)
        device = scanner_device(scan.device, scanned_by)[:DEVICE_MAX]
        registration = registrations.get(code)
        previous = active.get(registration.pk) if registration else None
        outcome = _admit_offline(registration, previous, scan.event, at)
        if outcome.result == ScanResult.OK:
            checkin = CheckIn(
                registration=registration,
                checked_in_at=at,
                checked_in_by=scanned_by,
                device=device,
                manual=scan.manual,
                updated_at=now,
            )
            new_checkins.append(checkin)
            active[registration.pk] = checkin
            outcome = CheckInResult(ScanResult.OK, registration, at, name, device_label(device, name))
        elif outcome.result == ScanResult.ALREADY and at < previous.checked_in_at:
            previous.checked_in_at, previous.checked_in_by, previous.device = at, scanned_by, device
            previous.manual = scan.manual
            if previous.pk is not None:
                moved[previous.pk] = previous
        answers[position] = outcome
        log_rows.append(
            (
                scan.event.pk,
                registration.pk if registration else None,
                code,
                outcome,
                at,
                now,
                scanned_by.pk,
                device,
                scan.ref,
            )
        )

    CheckIn.objects.bulk_create(new_checkins)
    for checkin in moved.values():
        move_back(
            checkin.pk,
            at=checkin.checked_in_at,
            scanned_by=checkin.checked_in_by,
            device=checkin.device,
            manual=checkin.manual,
            now=now,
        )
    log_scans(log_rows, offline=True)

    for position, scan in enumerate(scans):
        if position not in answers:
            first = answers[first_of_ref[scan.ref]]
            answers[position] = CheckInResult(
                first.result,
                first.registration,
                first.checked_in_at,
                first.checked_in_by,
                first.checked_in_device,
                duplicate=True,
                note=first.note,
            )
    return [answers[position] for position in range(len(scans))]


def _admit_offline(registration, previous, event, at) -> CheckInResult:
    """The answer to one queued scan (`ok` is completed by the caller, which creates the check-in)."""
    if refused := refusal(registration, event, at):
        return refused
    if previous is None:
        return CheckInResult(ScanResult.OK, registration)
    by = display_name(previous.checked_in_by)
    return CheckInResult(
        ScanResult.ALREADY, registration, previous.checked_in_at, by, device_label(previous.device, by)
    )
