"""Bulk import of attendees from a spreadsheet a school or partner sends (XLSX or CSV).

Three steps, one module each: `reading.parse_attendee_file` reads the file into rows of text
and refuses files it cannot read; `rows.row_applicants` turns each row into an applicant or
the reasons it cannot be one; `import_attendees` (here) refuses duplicates and then imports
all of the rows or none.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from events.models import Event

from .. import services
from ..contacts import collapse_spaces
from ..models import Registration, RegistrationStatus, Source
from .reading import MAX_FILE_BYTES, MAX_ROWS, ImportRow, parse_attendee_file
from .rows import row_applicants

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportReport",
    "ImportRow",
    "RowReport",
    "RowStatus",
    "import_attendees",
    "parse_attendee_file",
]


class RowStatus(models.TextChoices):
    OK = "ok", gettext_lazy("OK")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass
class RowReport:
    number: int
    full_name: str
    status: str = RowStatus.OK
    reason: str = ""
    # Set once imported: confirmed, or waitlisted when the event was full.
    registration_status: str = ""

    @property
    def status_label(self) -> str:
        return str(RowStatus(self.status).label)

    @property
    def registration_status_label(self) -> str:
        if not self.registration_status:
            return ""
        return str(RegistrationStatus(self.registration_status).label)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    imported: bool = False
    # A refusal that is not about one row's data (the event is closed, say).
    error: str = ""

    @property
    def refused(self) -> list[RowReport]:
        return [row for row in self.rows if row.status == RowStatus.REFUSED]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.registration_status == status)

    @property
    def confirmed(self) -> int:
        return self.count(RegistrationStatus.CONFIRMED)

    @property
    def waitlisted(self) -> int:
        return self.count(RegistrationStatus.WAITLISTED)


def import_attendees(*, event: Event, rows: list[ImportRow], by) -> ImportReport:
    """Register every row for `event`, or none of them.

    Every row is validated first (name, phone, email, age, district, role, duplicates in the
    file and against the event's live registrations); if any is refused, nothing is written
    and the report says which rows and why. Otherwise all rows go through
    services.register_participant (source=import) inside one transaction, so capacity and
    waitlist rules apply row by row, and a DomainError on any row rolls back all of them.
    """
    live = Registration.objects.filter(event=event).exclude(status=RegistrationStatus.CANCELLED)

    report = ImportReport()
    applicants = []
    for row, (applicant, reasons) in zip(rows, row_applicants(rows), strict=True):
        report.rows.append(RowReport(number=row.number, full_name=collapse_spaces(row.full_name)))
        applicants.append(applicant)
        if reasons:
            _refuse(report.rows[-1], reasons)

    _refuse_duplicates(report, applicants, live)
    if report.refused:
        return report

    current = None
    try:
        with transaction.atomic():
            for current, applicant in zip(report.rows, applicants, strict=True):
                registration = services.register_participant(
                    event=event,
                    applicant=applicant,
                    source=Source.IMPORT,
                    consent=False,
                    created_by=by,
                )
                current.registration_status = registration.status
    except DomainError as exc:
        for row in report.rows:
            row.registration_status = ""
        _refuse(current, [str(exc.message)])
        report.error = str(exc.message)
        return report
    report.imported = True
    return report


def _refuse(row: RowReport, reasons: list[str]) -> None:
    row.status = RowStatus.REFUSED
    row.reason = "; ".join(filter(None, [row.reason, *reasons]))


def _refuse_duplicates(report: ImportReport, applicants: list, live) -> None:
    phones = {a.phone for a in applicants if a and a.phone}
    taken_phones = set(live.filter(phone__in=phones).values_list("phone", flat=True)) if phones else set()
    emails = {a.email for a in applicants if a and a.email}
    taken_emails = {e.lower() for e in live.exclude(email="").values_list("email", flat=True)} if emails else set()

    first_phone, first_email = {}, {}
    for row, applicant in zip(report.rows, applicants, strict=True):
        if applicant is None:
            continue
        reasons = []
        if applicant.phone:
            if applicant.phone in taken_phones:
                reasons.append(
                    _("The phone %(phone)s is already registered for this event.") % {"phone": applicant.phone}
                )
            elif applicant.phone in first_phone:
                reasons.append(
                    _("The phone %(phone)s is also in row %(row)s.")
                    % {"phone": applicant.phone, "row": first_phone[applicant.phone]}
                )
            else:
                first_phone[applicant.phone] = row.number
        if applicant.email:
            if applicant.email in taken_emails:
                reasons.append(
                    _("The email %(email)s is already registered for this event.") % {"email": applicant.email}
                )
            elif applicant.email in first_email:
                reasons.append(
                    _("The email %(email)s is also in row %(row)s.")
                    % {"email": applicant.email, "row": first_email[applicant.email]}
                )
            else:
                first_email[applicant.email] = row.number
        if reasons:
            _refuse(row, reasons)
