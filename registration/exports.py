"""Attendee exports: plain rows in, CSV or XLSX bytes out.

`attendee_rows` is the one function here that touches model instances; the writers take
lists of values and know nothing of the ORM. Headers and labels are translated with the
language active when they are called (the organiser's).
"""

import csv
import io
import re
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# (key, header) in the order of the list page and of both files.
COLUMNS = [
    ("full_name", _("Full name")),
    ("phone", _("Phone")),
    ("email", _("Email")),
    ("organisation", _("Organisation")),
    ("age", _("Age")),
    ("district", _("District")),
    ("role", _("Role")),
    ("status", _("Status")),
    ("registered_at", _("Registered at")),
    ("checked_in_at", _("Checked in at")),
]
CONTACT_COLUMNS = ("phone", "email")

DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# A cell starting with one of these is run as a formula by spreadsheet programs, and names come
# from a public form. A phone number (+7…) is the one legitimate value that starts with "+".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"\+7\d{10}")


def column_keys(*, contacts: bool = True) -> list[str]:
    return [key for key, _label in COLUMNS if contacts or key not in CONTACT_COLUMNS]


def attendee_header(*, contacts: bool = True) -> list[str]:
    labels = dict(COLUMNS)
    return [str(labels[key]) for key in column_keys(contacts=contacts)]


def attendee_rows(registrations, *, contacts: bool = True) -> list[list]:
    """One row of plain values per registration, in COLUMNS order.

    Each registration needs the `active_checkin_at` annotation (None when not checked in).
    Without `contacts` the phone and email columns are left out.
    """
    keys = column_keys(contacts=contacts)
    rows = []
    for registration in registrations:
        values = {
            "full_name": registration.full_name,
            "phone": registration.phone,
            "email": registration.email,
            "organisation": registration.organisation,
            "age": registration.age,
            "district": registration.get_district_display() if registration.district else "",
            "role": registration.get_role_display(),
            "status": registration.get_status_display(),
            "registered_at": _local(registration.created_at),
            "checked_in_at": _local(registration.active_checkin_at),
        }
        rows.append([values[key] for key in keys])
    return rows


def _local(moment: datetime | None) -> datetime | None:
    """Local wall-clock time without tzinfo, to the minute: what a spreadsheet can hold."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Cyrillic and Kazakh letters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    value = str(value)
    if value.startswith(_FORMULA_START) and not _PHONE.fullmatch(value):
        return "'" + value
    return value


def to_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    """One sheet named `title`: a bold, frozen header row and columns wide enough to read."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name.
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"

    widths = [len(text) for text in header]
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        for index, value in enumerate(row):
            shown = value.strftime(DATETIME_FORMAT) if isinstance(value, datetime) else str(value or "")
            widths[index] = max(widths[index], len(shown))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif cell.data_type == "f":
                # openpyxl takes any text starting with "=" for a formula; it is a name, keep it text.
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50) + 2

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
