"""Months and days as the grant writes them: "тамыз–қараша 2024". Kazakh month names are
lower-case, as Kazakh writes them (Django's own Kazakh catalogue capitalises them)."""

from datetime import date

from django.utils import formats
from django.utils.translation import get_language, pgettext_lazy

MONTHS = {
    1: pgettext_lazy("month of a period", "January"),
    2: pgettext_lazy("month of a period", "February"),
    3: pgettext_lazy("month of a period", "March"),
    4: pgettext_lazy("month of a period", "April"),
    5: pgettext_lazy("month of a period", "May"),
    6: pgettext_lazy("month of a period", "June"),
    7: pgettext_lazy("month of a period", "July"),
    8: pgettext_lazy("month of a period", "August"),
    9: pgettext_lazy("month of a period", "September"),
    10: pgettext_lazy("month of a period", "October"),
    11: pgettext_lazy("month of a period", "November"),
    12: pgettext_lazy("month of a period", "December"),
}


def month_name(month: int) -> str:
    return str(MONTHS[month])


def months_label(start: date, end: date) -> str:
    """ "тамыз–қараша 2024", "август–ноябрь 2024", "August–November 2024"; a year each side
    when the period spans two; one month alone when it is one."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{month_name(start.month)} {start.year}"
    if start.year == end.year:
        return f"{month_name(start.month)}–{month_name(end.month)} {end.year}"
    return f"{month_name(start.month)} {start.year} – {month_name(end.month)} {end.year}"


def long_date(day: date) -> str:
    """ "1 тамыз 2024 ж." in Kazakh; the locale's long date in other languages."""
    if (get_language() or "")[:2] == "kk":
        return f"{day.day} {month_name(day.month)} {day.year} ж."
    return formats.date_format(day, "DATE_FORMAT")
