"""Reading an attendee list: an XLSX or CSV file in, rows of text out, with the columns found
by their headers (in Kazakh, Russian or English, or the export's own)."""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import DomainError

from .. import exports

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
    "full_name": (
        "full_name",
        "full name",
        "name",
        "аты-жөні",
        "аты жөні",
        "аты-жөнi",
        "фио",
        "ф.и.о.",
        "ф.и.о",
        "ф. и. о.",
    ),
    "phone": ("phone", "mobile phone", "телефон", "тел.", "тел", "ұялы телефон", "мобильный телефон"),
    "email": ("email", "e-mail", "e mail", "эл. пошта", "электрондық пошта", "эл. почта", "электронная почта"),
    "organisation": (
        "organisation",
        "organization",
        "organisation or school",
        "ұйым",
        "организация",
        "мектеп",
        "школа",
    ),
    "age": ("age", "жасы", "жас", "возраст"),
    "district": ("district", "аудан", "ауданы", "район"),
    "role": ("role", "рөлі", "рөл", "роль"),
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
        raise DomainError(
            _("Old Excel files (.xls) are not accepted. Save the list as .xlsx or CSV and upload it again."),
            code="bad_file",
        )
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
    return DomainError(
        _(
            "This file could not be read as an Excel workbook (.xlsx) or a CSV file. "
            "Save it again as .xlsx or CSV and upload it again."
        ),
        code="bad_file",
    )


def _too_many_rows() -> DomainError:
    return DomainError(
        _("The list has more than %(limit)s rows. Split it into several files.") % {"limit": MAX_ROWS},
        code="too_many_rows",
    )


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
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        OSError,
        SyntaxError,
        EOFError,
    ) as exc:
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
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
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
            raise DomainError(
                _("The column “%(column)s” appears twice in the header.") % {"column": cell}, code="duplicate_column"
            )
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
        rows.append(
            ImportRow(
                number=number, **{name: (cells[index] if index < len(cells) else "") for name, index in columns.items()}
            )
        )
    if columns is None:
        raise DomainError(
            _(
                "No header row with a name column was found. The first row must name the columns: "
                "full_name (or Аты-жөні, ФИО), phone, email, organisation, age, district, role."
            ),
            code="no_header",
        )
    if not rows:
        raise DomainError(_("The file has a header but no attendees."), code="no_rows")
    return rows
