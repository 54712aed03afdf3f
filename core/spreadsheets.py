"""Spreadsheet writers shared by every export: plain rows in, CSV or XLSX bytes out.

They take lists of values and know nothing of the ORM or of any app. Datetimes are written as
local wall-clock times and stored as dates, numbers (and text that is a whole number, such as a
target of "300") are stored as numbers, and text that a spreadsheet program would run as a
formula is kept as text. CSV files are for a Kazakh or Russian Excel: semicolon-separated (its
list separator) and UTF-8 with a byte-order mark, with dates as it reads them (01.03.2030 09:05).
"""

import csv
import io
import re
from datetime import date, datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DATETIME_FORMAT = "%d.%m.%Y %H:%M"
DATE_FORMAT = "%d.%m.%Y"
XLSX_DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
XLSX_DATE_FORMAT = "dd.mm.yyyy"
# Excel in Kazakh and Russian separates a CSV's columns with its list separator, ";".
CSV_DELIMITER = ";"
# A whole number written as text (a target of "300"); leading zeros are kept as text (a code).
_WHOLE_NUMBER = re.compile(r"-?(0|[1-9]\d{0,14})")

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
    """Semicolon-separated UTF-8 with a byte-order mark, so that a Kazakh or Russian Excel opens
    it in columns and shows Cyrillic and Kazakh letters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
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
        values = [_xlsx_value(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], len(_csv_cell(value).lstrip("'")))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = XLSX_DATE_FORMAT
            elif cell.data_type == "f":
                # openpyxl takes any text starting with "=" for a formula; it is a name, keep it text.
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50) + 2

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    """What a cell stores: a number for a whole number written as text, nothing for empty text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if _WHOLE_NUMBER.fullmatch(value):
            return int(value)
        return value or None
    return value
