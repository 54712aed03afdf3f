"""Check-in at the door: one scan, a batch of scans queued offline, and undo.

The rules (docs/door-api.md): a ticket is admitted at most once; every scan is logged, whatever
its result; a check-in is accepted only inside the event's window (`checkin_window`); a scan
carries the time it was scanned, which may be before it reached the server; and a client
reference (`ref`) seen before gets its first answer again and records nothing.

The single scan is the one request that comes in bursts (300 people in half an hour through two
or three doors), so it is written for speed: one statement locks the registration and reads
whether it has an active check-in, then two INSERTs, in plain SQL (bench/README.md has the
profile). The batch does the same work for up to 1000 scans in a handful of queries.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlparse

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pydantic import AfterValidator, AwareDatetime

from core import db
from core.errors import DomainError
from events.models import Event

from .models import CheckIn, Registration, RegistrationStatus, ScanLog, ScanResult

DEVICE_MAX = 100
# A client reference: what the door page makes for each scan, walk-in or kit (a UUID fits).
REF_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
REF_DESCRIPTION = (
    "The client's reference for this action, 8–64 characters of A–Z, a–z, 0–9, '-' and '_' (a UUID): "
    "the same reference sent again gets the first answer again, with `duplicate`, and records nothing."
)
LABEL_MAX = 150


def _plausible(moment: datetime) -> datetime:
    # A device's clock may be wrong, not absurd: year 1 or 9999 cannot even be stored
    # (converted to UTC it leaves the datetime range) and would fail a whole batch.
    if not 2000 <= moment.year <= 2100:
        raise ValueError(_("The time must be between the years 2000 and 2100."))
    return moment


# A time a door device reports (a scan, a walk-in, a kit handed out): with its UTC offset and
# plausible; a time ahead of the server's clock is taken as now (`scan_time`).
DeviceTime = Annotated[AwareDatetime, AfterValidator(_plausible)]


@dataclass(frozen=True)
class CheckInResult:
    result: ScanResult
    registration: Registration | None = None
    checked_in_at: datetime | None = None
    checked_in_by: str = ""
    # The check-in's device label, else the name of who checked the person in.
    checked_in_device: str = ""
    duplicate: bool = False
    note: str = ""

    @property
    def message(self) -> str:
        return self.note or str(self.result.label)


def parse_ticket_code(raw: str) -> str:
    """The ticket code from what a scanner read: the bare code or the ticket's URL (…/t/<code>)."""
    value = (raw or "").strip()
    if "/" in value:
        try:
            path = urlparse(value).path
        except ValueError:  # not a URL after all ("http://[…"): its last part, as typed
            path = value.split("?", 1)[0].split("#", 1)[0]
        value = path.rstrip("/").rsplit("/", 1)[-1]
    return value[:64]


def checkin_window(event: Event) -> tuple[datetime, datetime]:
    """When the door accepts check-ins for `event`: from `checkin_opens_minutes_before` the start to the end."""
    return event.start_at - timedelta(minutes=event.checkin_opens_minutes_before), event.end_at


def not_open_note(event: Event, at: datetime) -> str:
    """Why a scan at `at` is outside the window, or "" when it is inside."""
    opens_at, closes_at = checkin_window(event)
    if at < opens_at:
        when = date_format(timezone.localtime(opens_at), "d.m.Y H:i")
        return _("Check-in is not open: it opens at %(time)s") % {"time": when}
    if at > closes_at:
        when = date_format(timezone.localtime(closes_at), "d.m.Y H:i")
        return _("Check-in is closed: it closed at %(time)s") % {"time": when}
    return ""


def require_open(event: Event, at: datetime | None = None) -> None:
    """Raise DomainError `not_open` unless the door of `event` is open at `at` (now)."""
    if note := not_open_note(event, at or timezone.now()):
        raise DomainError(note, code="not_open")


def person_name(first_name: str, last_name: str, username: str) -> str:
    """Who a user is to the people at the door: the full name, else the user name."""
    return f"{first_name} {last_name}".strip() or username


def display_name(user) -> str:
    return person_name(user.first_name, user.last_name, user.get_username())


def scanner_device(device: str, scanned_by) -> str:
    """The device a scan came from: the one it names, else its bearer token's device name."""
    return device or getattr(scanned_by, "token_device", "") or ""


def device_label(device: str, name: str) -> str:
    return (device or name)[:LABEL_MAX]


def scan_time(scanned_at: datetime | None, now: datetime) -> datetime:
    # A device whose clock runs ahead must not check someone in in the future.
    return now if scanned_at is None or scanned_at > now else scanned_at


# --- One scan ---------------------------------------------------------------------------------


def check_in(
    *,
    code: str,
    event: Event,
    scanned_by,
    device: str = "",
    manual: bool = False,
    ref: str | None = None,
    scanned_at: datetime | None = None,
) -> CheckInResult:
    """Admit a ticket holder to `event` at most once, and log the scan whatever its result.

    Locks the registration row so that two devices scanning the same code at the same moment
    produce one `ok`; the partial unique constraint on an active CheckIn is the backstop, and
    the scan that hits it (its read came before the other's commit) is read again and answered
    `already`. A `ref` seen before returns that scan's answer with `duplicate` and records
    nothing (the unique `ScanLog.ref` makes the second insert fail, and the retry finds it).
    `scanned_at` (clamped to now) is the check-in's time; the window is judged at it. An
    earlier scan than the standing check-in moves the check-in back to it (docs/door-api.md).
    """
    code = parse_ticket_code(code)
    device = scanner_device(device, scanned_by)[:DEVICE_MAX]
    try:
        with transaction.atomic():
            return _check_in(code, event, scanned_by, device, manual, ref, scanned_at)
    except IntegrityError:
        # Either a concurrent scan checked the person in after our read, or the same `ref`
        # arrived twice at once; nothing of ours was kept. Read again.
        with transaction.atomic():
            if ref and (first := replay(ref)):
                return first
            return _check_in(code, event, scanned_by, device, manual, ref, scanned_at)


_LOCK_SQL = None


def _lock_sql() -> str:
    """The registration by code, locked, with its active check-in and who made it (NULLs if none).

    On PostgreSQL a scan that waited for the lock reads the check-in as it was when the
    statement began: a check-in made meanwhile is unseen, our INSERT then breaks the unique
    constraint, and `check_in` reads again. The common case pays one query instead of two.
    """
    global _LOCK_SQL
    if _LOCK_SQL is None:
        lock = connection.ops.for_update_sql(of=("r",)) if connection.features.has_select_for_update else ""
        user_table = CheckIn._meta.get_field("checked_in_by").related_model._meta.db_table
        _LOCK_SQL = (
            f"SELECT r.id, r.event_id, r.full_name, r.organisation, r.role, r.status, "
            f"c.id, c.checked_in_at, c.device, u.first_name, u.last_name, u.username "
            f"FROM {Registration._meta.db_table} r "
            f"LEFT JOIN {CheckIn._meta.db_table} c ON c.registration_id = r.id AND c.undone_at IS NULL "
            f"LEFT JOIN {user_table} u ON u.id = c.checked_in_by_id "
            f"WHERE r.code = %s {lock}"
        )
    return _LOCK_SQL


def _aware(value):
    """A datetime read by plain SQL: SQLite gives it without its (UTC) zone."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


REGISTRATION_FIELDS = ["id", "event_id", "full_name", "organisation", "role", "status"]


_CHECKIN_SQL = (
    f"INSERT INTO {CheckIn._meta.db_table} (registration_id, checked_in_at, checked_in_by_id, device, manual, "
    f"undone_at, undone_by_id, undo_reason, updated_at) VALUES (%s, %s, %s, %s, %s, NULL, NULL, '', %s)"
)
_LOG_COLUMNS = (
    "event_id, registration_id, code, result, scanned_at, received_at, scanned_by_id, device, offline, ref, "
    "checkin_at, checkin_device"
)
_LOG_VALUES = "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
_LOG_SQL = f"INSERT INTO {ScanLog._meta.db_table} ({_LOG_COLUMNS}) VALUES {_LOG_VALUES}"


def _check_in(code, event, scanned_by, device, manual, ref, scanned_at) -> CheckInResult:
    now = timezone.now()
    at = scan_time(scanned_at, now)
    registration, active = None, None
    if code:
        row = db.fetchone(_lock_sql(), [code])
        if row is not None:
            registration = Registration.from_db("default", REGISTRATION_FIELDS, row[:6])
            if row[6] is not None:
                by = person_name(row[9], row[10], row[11])
                active = (row[6], _aware(row[7]), by, device_label(row[8], by))
    outcome = _admit(registration, active, event, scanned_by, device, manual, at, now)
    ops = connection.ops
    log = [
        event.pk,
        registration.pk if registration else None,
        code,
        outcome.result.value,
        ops.adapt_datetimefield_value(at),
        ops.adapt_datetimefield_value(now),
        scanned_by.pk,
        device,
        False,
        ref or None,
        ops.adapt_datetimefield_value(outcome.checked_in_at),
        outcome.checked_in_device,
    ]
    if outcome.result != ScanResult.OK:
        db.execute(_LOG_SQL, log)
        return outcome
    checkin = [
        registration.pk,
        ops.adapt_datetimefield_value(at),
        scanned_by.pk,
        device,
        manual,
        ops.adapt_datetimefield_value(now),
    ]
    if connection.vendor == "postgresql":
        # One statement, one round trip: both rows or (on a broken constraint) neither.
        db.execute(f"WITH checkin AS ({_CHECKIN_SQL}) {_LOG_SQL}", checkin + log)
    else:
        db.execute(_CHECKIN_SQL, checkin)
        db.execute(_LOG_SQL, log)
    return outcome


def refusal(registration: Registration | None, event: Event, at: datetime) -> CheckInResult | None:
    """Why a scan at `at` of `registration` at `event`'s door admits nobody, or None when it may:
    the one order of these rules for the single scan and for a queued batch."""
    if registration is None:
        return CheckInResult(ScanResult.UNKNOWN)
    if registration.event_id != event.pk:
        return CheckInResult(ScanResult.WRONG_EVENT, registration)
    if note := not_open_note(event, at):
        return CheckInResult(ScanResult.NOT_OPEN, registration, note=note)
    if registration.status == RegistrationStatus.CANCELLED:
        return CheckInResult(ScanResult.CANCELLED, registration)
    if registration.status == RegistrationStatus.WAITLISTED:
        return CheckInResult(ScanResult.WAITLISTED, registration)
    return None


def _admit(registration, active, event, scanned_by, device, manual, at, now) -> CheckInResult:
    """The answer to one scan; moves a later check-in back to this scan, but writes nothing else."""
    if refused := refusal(registration, event, at):
        return refused
    name = display_name(scanned_by)
    if active is not None:
        checkin_pk, checked_in_at, by, label = active
        if at < checked_in_at:
            move_back(checkin_pk, at=at, scanned_by=scanned_by, device=device, manual=manual, now=now)
        return CheckInResult(ScanResult.ALREADY, registration, checked_in_at, by, label)
    return CheckInResult(ScanResult.OK, registration, at, name, device_label(device, name))


def move_back(checkin_pk: int, *, at, scanned_by, device, manual, now) -> None:
    """The standing check-in came from a scan later than this one: the earliest scan is the record."""
    CheckIn.objects.filter(pk=checkin_pk).update(
        checked_in_at=at, checked_in_by=scanned_by, device=device, manual=manual, updated_at=now
    )


def log_scans(rows, *, offline: bool) -> None:
    """Write scan-log rows: (event_id, registration_id, code, outcome, scanned_at, received_at,
    scanned_by_id, device, ref) each. One INSERT whatever the number of rows."""
    if not rows:
        return
    ops = connection.ops
    values, params = [], []
    for event_id, registration_id, code, outcome, at, now, user_id, device, ref in rows:
        values.append(_LOG_VALUES)
        params += [
            event_id,
            registration_id,
            code,
            outcome.result.value,
            ops.adapt_datetimefield_value(at),
            ops.adapt_datetimefield_value(now),
            user_id,
            device,
            offline,
            ref or None,
            ops.adapt_datetimefield_value(outcome.checked_in_at),
            outcome.checked_in_device,
        ]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {ScanLog._meta.db_table} ({_LOG_COLUMNS}) VALUES " + ", ".join(values), params)


def replay(ref: str) -> CheckInResult | None:
    """The first answer given to `ref`, marked `duplicate`, or None if the ref is new."""
    return replays([ref]).get(ref)


def replays(refs) -> dict[str, CheckInResult]:
    found = {}
    logs = ScanLog.objects.filter(ref__in=list(refs)).select_related("registration", "event")
    for log in logs:
        result = ScanResult(log.result)
        note = not_open_note(log.event, log.scanned_at) if result == ScanResult.NOT_OPEN else ""
        found[log.ref] = CheckInResult(
            result,
            log.registration,
            log.checkin_at,
            log.checkin_device,
            log.checkin_device,
            duplicate=True,
            note=note,
        )
    return found


# --- Undo --------------------------------------------------------------------------------------


@transaction.atomic
def undo_check_in(*, registration: Registration, by, reason: str) -> CheckIn:
    """Undo the active check-in of `registration`, keeping who, when and why.

    Raises DomainError `reason_required` without a reason and `not_checked_in` when there is
    nothing to undo.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the check-in is undone."), code="reason_required", field="reason")
    checkin = CheckIn.objects.select_for_update().filter(registration=registration, undone_at__isnull=True).first()
    if checkin is None:
        raise DomainError(_("This person is not checked in."), code="not_checked_in")
    checkin.undone_at = timezone.now()
    checkin.undone_by = by
    checkin.undo_reason = reason[:300]
    checkin.save(update_fields=["undone_at", "undone_by", "undo_reason", "updated_at"])
    return checkin
