"""Spreadsheet writers shared by every export: plain rows in, CSV or XLSX bytes out.

They take lists of values and know nothing of the ORM or of any app. Datetimes are written as
local wall-clock times, numbers stay numbers, and text that a spreadsheet program would run as
a formula is kept as text.
"""

import csv
import io
import re
from datetime import datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

# A cell starting with one of these is run as a formula by spreadsheet programs, and names come
# from a public form. A phone number in E.164 (+7…, +998…) is the one legitimate value that
# starts with "+".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"\+[1-9]\d{7,14}")


def local_naive(moment: datetime | None) -> datetime | None:
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
