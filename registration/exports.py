"""Attendee exports: the columns of the attendee list and its rows of plain values.

The files themselves are written by `core.spreadsheets`. Headers and labels are translated
with the language active when they are called (the organiser's).
"""

from django.utils.translation import gettext_lazy as _

from core.spreadsheets import local_naive

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
            "registered_at": local_naive(registration.created_at),
            "checked_in_at": local_naive(registration.active_checkin_at),
        }
        rows.append([values[key] for key in keys])
    return rows
