"""Bulk import of attendees from a spreadsheet a school or partner sends (XLSX or CSV).

`parse_attendee_file` reads the file into rows of text and refuses files it cannot read;
`import_attendees` validates every row and then imports all of them or none.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import DomainError
from events.models import Event

from . import exports, services
from .models import District, Registration, RegistrationStatus, Role, Source
from .phones import normalise_kz_phone

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# An XLSX is a zip: 2 MB of it can unpack to gigabytes. Real attendee lists stay far below this.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
# Lines read (blank ones included) before giving up on a sheet padded with empty formatted rows.
MAX_LINES = 10 * MAX_ROWS
# The header may sit below a title line or two ("10 A class, school No. 5").
HEADER_SEARCH_LINES = 10

FIELDS = ("full_name", "phone", "email", "organisation", "age", "district", "role")

# Accepted column headers, compared after case folding and collapsing spaces.
HEADER_ALIASES = {
    "full_name": ("full_name", "full name", "name", "аты-жөні", "аты жөні", "аты-жөнi", "фио", "ф.и.о.", "ф.и.о",
                  "ф. и. о."),
    "phone": ("phone", "mobile phone", "телефон", "тел.", "тел", "ұялы телефон", "мобильный телефон"),
    "email": ("email", "e-mail", "e mail", "эл. пошта", "электрондық пошта", "эл. почта", "электронная почта"),
    "organisation": ("organisation", "organization", "organisation or school", "ұйым", "организация", "мектеп",
                     "школа"),
    "age": ("age", "жасы", "жас", "возраст"),
    "district": ("district", "аудан", "ауданы", "район"),
    "role": ("role", "рөлі", "рөл", "роль"),
}

# Names people write for the districts and roles, besides the values and the translated labels.
# They are data, not interface text, so they are not translated.
DISTRICT_ALIASES = {
    District.ABAY: ("abai", "абай", "абайский"),
    District.AL_FARABI: ("al farabi", "әл фараби", "ал фараби", "аль фараби", "аль фарабийский"),
    District.ENBEKSHI: ("еңбекші", "енбекші", "енбекши", "енбекшинский"),
    District.KARATAU: ("қаратау", "каратау", "каратауский"),
    District.TURAN: ("тұран", "туран", "туранский"),
    District.OUTSIDE: ("outside", "шымкенттен тыс", "вне шымкента", "за пределами шымкента"),
}
DISTRICT_SUFFIXES = ("district", "ауданы", "аудан", "район", "р н")
ROLE_ALIASES = {
    Role.PARTICIPANT: ("қатысушы", "участник", "участница"),
    Role.SPEAKER: ("спикер", "баяндамашы", "докладчик"),
    Role.VOLUNTEER: ("волонтер", "ерікті"),
    Role.PRESS: ("баспасөз", "пресса", "бақ", "сми", "журналист"),
    Role.GUEST: ("қонақ", "гость"),
    Role.ORGANISER: ("organizer", "ұйымдастырушы", "организатор"),
}


@dataclass(frozen=True)
class ImportRow:
    """One line of the file as text; `number` is the row number the spreadsheet shows."""

    number: int
    full_name: str = ""
    phone: str = ""
    email: str = ""
    organisation: str = ""
    age: str = ""
    district: str = ""
    role: str = ""


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


# --- Reading the file -----------------------------------------------------------------------


def parse_attendee_file(uploaded_file) -> list[ImportRow]:
    """Read an XLSX or CSV attendee list into rows of text.

    The format is read from the content, never the name: an XLSX is a zip (starts with "PK");
    anything else is CSV in UTF-8 (with or without BOM) or, failing that, Windows-1251, with
    "," or ";" between the fields. Raises DomainError with a message for people when the file
    is too large, unreadable, has no name column, no rows or more than MAX_ROWS rows.
    """
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise _too_large(size)
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    if not data.strip():
        raise DomainError(_("The file is empty."), code="empty_file")
    name = (getattr(uploaded_file, "name", "") or "").lower()
    if data.startswith(b"PK"):
        lines = _xlsx_lines(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError(_("Old Excel files (.xls) are not accepted. Save the list as .xlsx or CSV and "
                            "upload it again."), code="bad_file")
    elif name.endswith((".xlsx", ".xlsm")) or b"\x00" in data:
        raise _unreadable()
    else:
        lines = _csv_lines(data)
    return _rows(lines)


def _too_large(size: int) -> DomainError:
    return DomainError(
        _("The file is too large (%(size)s); the limit is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_BYTES)},
        code="file_too_large",
    )


def _unreadable() -> DomainError:
    return DomainError(_("This file could not be read as an Excel workbook (.xlsx) or a CSV file. "
                         "Save it again as .xlsx or CSV and upload it again."), code="bad_file")


def _too_many_rows() -> DomainError:
    return DomainError(_("The list has more than %(limit)s rows. Split it into several files.")
                       % {"limit": MAX_ROWS}, code="too_many_rows")


def _xlsx_lines(data: bytes) -> list[tuple[int, list[str]]]:
    # openpyxl fails on damaged files with many unrelated exception types, from the zip, the XML
    # parser or its own readers; each of them means the same thing to the person uploading.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise _unreadable()
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active or workbook.worksheets[0]
            lines = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_LINES:
                    raise _too_many_rows()
                lines.append((number, [_cell_text(value) for value in values]))
        finally:
            workbook.close()
    except DomainError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, TypeError,
            AttributeError, OSError, SyntaxError, EOFError) as exc:
        raise _unreadable() from exc
    return lines


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Phones and ages typed into Excel become numbers: 87011234567.0 is "87011234567".
        return str(int(value))
    return str(value).strip()


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel on a Russian or Kazakh Windows saves "CSV" in Windows-1251.
            text = data.decode("cp1251", errors="replace")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # The header names no field with a comma or a semicolon, so whichever it has more of divides it.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    lines = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > MAX_LINES:
                raise _too_many_rows()
            lines.append((number, [cell.strip() for cell in cells]))
    except csv.Error as exc:
        raise _unreadable() from exc
    return lines


def _header_key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" *:")


def _header_table() -> dict[str, str]:
    """Accepted header → field: the aliases, and the export's own headers in every language,
    so that a list exported from one event can be imported into another."""
    table = {}
    labels = dict(exports.COLUMNS)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            table.update({_header_key(str(labels[name])): name for name in FIELDS})
    table.update({_header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases})
    return table


def _column_map(cells: list[str], headers: dict[str, str]) -> dict[str, int] | None:
    """{field: column index} for a header line, or None if the line has no name column."""
    columns = {}
    for index, cell in enumerate(cells):
        name = headers.get(_header_key(cell))
        if name is None:
            continue
        if name in columns:
            raise DomainError(_("The column “%(column)s” appears twice in the header.") % {"column": cell},
                              code="duplicate_column")
        columns[name] = index
    return columns if "full_name" in columns else None


def _rows(lines: list[tuple[int, list[str]]]) -> list[ImportRow]:
    headers = _header_table()
    columns = None
    seen_lines = 0
    rows = []
    for number, cells in lines:
        if not any(cells):
            continue
        if columns is None:
            columns = _column_map(cells, headers)
            seen_lines += 1
            if columns is None and seen_lines >= HEADER_SEARCH_LINES:
                break
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        rows.append(ImportRow(number=number, **{
            name: (cells[index] if index < len(cells) else "") for name, index in columns.items()
        }))
    if columns is None:
        raise DomainError(
            _("No header row with a name column was found. The first row must name the columns: "
              "full_name (or Аты-жөні, ФИО), phone, email, organisation, age, district, role."),
            code="no_header",
        )
    if not rows:
        raise DomainError(_("The file has a header but no attendees."), code="no_rows")
    return rows


# --- Validating and importing ---------------------------------------------------------------


def _choice_key(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    for mark in "-_.,":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _choice_table(choices, aliases: dict, suffixes: tuple[str, ...] = ()) -> dict[str, str]:
    """Every accepted spelling of a choice (value, label in each language, alias) → its value."""
    table = {}
    for value, label in choices.choices:
        spellings = {value, *aliases.get(value, ())}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                spellings.add(str(label))
        for spelling in spellings:
            table[_strip_suffix(_choice_key(spelling), suffixes)] = value
    return table


def _strip_suffix(key: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return key


def _lookup(table: dict[str, str], raw: str, suffixes: tuple[str, ...] = ()) -> str | None:
    return table.get(_strip_suffix(_choice_key(raw), suffixes))


def _applicant(row: ImportRow, districts: dict, roles: dict) -> tuple[services.Applicant | None, list[str]]:
    """The row as an Applicant, or the reasons it cannot be one."""
    reasons = []
    full_name = " ".join(row.full_name.split())
    if not full_name:
        reasons.append(_("The name is missing."))
    elif len(full_name) > 200:
        reasons.append(_("The name is longer than %(limit)s characters.") % {"limit": 200})

    phone = ""
    if row.phone.strip():
        try:
            phone = normalise_kz_phone(row.phone)
        except ValidationError as exc:
            reasons.append(_("Phone “%(value)s”: %(error)s") % {"value": row.phone, "error": exc.messages[0]})

    email = row.email.strip().lower()
    if email:
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            reasons.append(_("The email “%(value)s” is not valid.") % {"value": row.email})

    organisation = " ".join(row.organisation.split())
    if len(organisation) > 250:
        reasons.append(_("The organisation is longer than %(limit)s characters.") % {"limit": 250})

    age = None
    if row.age.strip():
        try:
            number = float(row.age.strip().replace(",", "."))
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            reasons.append(_("The age “%(value)s” is not a whole number.") % {"value": row.age})
        elif not 6 <= number <= 120:
            reasons.append(_("The age must be between 6 and 120."))
        else:
            age = int(number)

    district = ""
    if row.district.strip():
        district = _lookup(districts, row.district, DISTRICT_SUFFIXES) or ""
        if not district:
            reasons.append(_("Unknown district “%(value)s”.") % {"value": row.district})

    role = Role.PARTICIPANT
    if row.role.strip():
        role = _lookup(roles, row.role)
        if role is None:
            reasons.append(_("Unknown role “%(value)s”.") % {"value": row.role})

    if reasons:
        return None, reasons
    return services.Applicant(
        full_name=full_name, phone=phone, email=email, organisation=organisation, age=age,
        district=district, role=role, language=settings.LANGUAGE_CODE,
    ), []


def import_attendees(*, event: Event, rows: list[ImportRow], by) -> ImportReport:
    """Register every row for `event`, or none of them.

    Every row is validated first (name, phone, email, age, district, role, duplicates in the
    file and against the event's live registrations); if any is refused, nothing is written
    and the report says which rows and why. Otherwise all rows go through
    services.register_participant (source=import) inside one transaction, so capacity and
    waitlist rules apply row by row, and a DomainError on any row rolls back all of them.
    """
    districts = _choice_table(District, DISTRICT_ALIASES, DISTRICT_SUFFIXES)
    roles = _choice_table(Role, ROLE_ALIASES)
    live = Registration.objects.filter(event=event).exclude(status=RegistrationStatus.CANCELLED)

    report = ImportReport()
    applicants = []
    for row in rows:
        applicant, reasons = _applicant(row, districts, roles)
        report.rows.append(RowReport(number=row.number, full_name=" ".join(row.full_name.split())))
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
                    event=event, applicant=applicant, source=Source.IMPORT, consent=False, created_by=by,
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
                reasons.append(_("The phone %(phone)s is already registered for this event.")
                               % {"phone": applicant.phone})
            elif applicant.phone in first_phone:
                reasons.append(_("The phone %(phone)s is also in row %(row)s.")
                               % {"phone": applicant.phone, "row": first_phone[applicant.phone]})
            else:
                first_phone[applicant.phone] = row.number
        if applicant.email:
            if applicant.email in taken_emails:
                reasons.append(_("The email %(email)s is already registered for this event.")
                               % {"email": applicant.email})
            elif applicant.email in first_email:
                reasons.append(_("The email %(email)s is also in row %(row)s.")
                               % {"email": applicant.email, "row": first_email[applicant.email]})
            else:
                first_email[applicant.email] = row.number
        if reasons:
            _refuse(row, reasons)
