"""How a person's name, phone and email are cleaned: the one definition, used by the sign-up
form, the API, the door's walk-ins, the spreadsheet import and the services.

Each function returns the value as it is stored, or raises ValidationError with a message
for people. Phones are parsed by `phonenumbers` (Google's libphonenumber data): Kazakhstan
is assumed when no country code is given, and other countries are written with theirs
(+998 for Uzbekistan, +996 for Kyrgyzstan). Numbers are stored in E.164 (+77011234567).
"""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "KZ"
EMAIL_MAX_LENGTH = 254

# Digits with the separators people type, and at most one "+" in front. Letters are refused
# although phonenumbers would read them (1-800-FLOWERS), and so are extensions.
_PHONE_TEXT = re.compile(r"\+?[0-9 ()\-.]+")
_PHONE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
PHONE_ERROR = _("Enter a mobile number, e.g. +7 701 123 45 67 (other countries with their code, e.g. +998 …).")


def normalise_phone(raw: str) -> str:
    """Return a mobile number in E.164: +77011234567, +998901234567.

    Kazakhstan numbers may be typed in any usual way (+7 701 123 45 67, 8 (701) 123-45-67,
    87011234567, 7011234567); other countries need their code. The number must be valid for
    its country and a mobile one (or one the numbering plan cannot tell from a landline, as in
    the USA); a landline is refused. Raises ValidationError(code="phone").
    """
    text = collapse_spaces(raw)
    if not _PHONE_TEXT.fullmatch(text) or len(text) > 30:
        raise ValidationError(PHONE_ERROR, code="phone")
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_ERROR, code="phone") from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _PHONE_TYPES:
        raise ValidationError(PHONE_ERROR, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    """Return the address stripped and in lower case ("" when blank).

    Lower case makes the (event, email) unique constraint blind to case. Raises
    ValidationError(code="email") for an address that is not valid.
    """
    value = (raw or "").strip().lower()
    if not value:
        return ""
    if len(value) > EMAIL_MAX_LENGTH:
        raise ValidationError(_("Enter a valid email address."), code="email")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("Enter a valid email address."), code="email") from None
    return value


def collapse_spaces(text: str) -> str:
    """Every run of spaces, tabs and line breaks made one space, and none at either end."""
    return " ".join((text or "").split())


# Tabs and line breaks become spaces; every other control character is refused. str.split()
# alone would quietly turn some of them (\x1c–\x1f, \x85) into spaces as well.
_SPACE_CONTROLS = frozenset("\t\n\r")
# Unicode categories refused in a name: control characters and lone surrogates (which no
# database can store and which arrive only through "\ud800" escapes in JSON).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})
NAME_MIN_LETTERS = 2


def normalise_name(raw: str) -> str:
    """Return a person's or an organisation's name with its spaces collapsed ("" when blank).

    Invisible format characters (Unicode category Cf: zero-width spaces, direction marks and
    overrides, byte-order marks, soft hyphens) are removed: they print as nothing, and a name
    of nothing but them would look blank on a badge. Raises ValidationError(code=
    "control_character") for control characters other than tabs and line breaks (NUL,
    escape…), which are invisible and break the spreadsheets and PostgreSQL, and
    ValidationError(code="no_letters") for a name with no letter at all ("😀😀", "---").
    """
    text = raw or ""
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES and char not in _SPACE_CONTROLS for char in text):
        raise ValidationError(_("Remove the invisible control characters from this text."), code="control_character")
    value = collapse_spaces("".join(char for char in text if unicodedata.category(char) != "Cf"))
    if value and not any(char.isalpha() for char in value):
        raise ValidationError(_("A name must contain letters."), code="no_letters")
    return value


def normalise_full_name(raw: str) -> str:
    """normalise_name, and at least two letters: what registering asks of a name.
    Raises ValidationError(code="name") for a shorter one."""
    value = normalise_name(raw)
    if sum(char.isalpha() for char in value) < NAME_MIN_LETTERS:
        raise ValidationError(_("Enter your full name."), code="name")
    return value


def name_key(name: str) -> str:
    """The name as compared: spaces collapsed and case folded. Never raises, so that names
    stored before control characters were refused can still be compared."""
    return collapse_spaces(name).casefold()
