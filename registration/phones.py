import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NOT_DIGITS = re.compile(r"[\s\-()\.]")


def normalise_kz_phone(raw: str) -> str:
    """Return a Kazakhstan mobile number as +7XXXXXXXXXX.

    Accepts the usual ways people type it: +7 701 123 45 67, 8 (701) 123-45-67, 87011234567,
    7011234567. Raises ValidationError(code="phone") for anything else.
    """
    value = _NOT_DIGITS.sub("", (raw or "").strip())
    if value.startswith("+"):
        value = value[1:]
        if not value.startswith("7"):
            raise ValidationError(_("Enter a Kazakhstan mobile number, e.g. +7 701 123 45 67."), code="phone")
    if not value.isdigit():
        raise ValidationError(_("Enter a Kazakhstan mobile number, e.g. +7 701 123 45 67."), code="phone")
    if len(value) == 11 and value[0] in "78":
        value = value[1:]
    # Kazakhstan mobile numbers are 10 digits after the country code and start with 7 (70x, 747, 77x).
    if len(value) != 10 or value[0] != "7":
        raise ValidationError(_("Enter a Kazakhstan mobile number, e.g. +7 701 123 45 67."), code="phone")
    return "+7" + value
