"""Turning the rows of an attendee list into applicants: each cell cleaned as the sign-up form
cleans it (`registration.contacts`), and districts and roles recognised in the spellings
people write, in Kazakh, Russian or English."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from ..contacts import normalise_email, normalise_full_name, normalise_name, normalise_phone
from ..models import District, Role
from ..services import Applicant
from .reading import ImportRow

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


def row_applicants(rows: list[ImportRow]) -> list[tuple[Applicant | None, list[str]]]:
    """Each row as an Applicant (in the site's default language), or None and the reasons it
    cannot be one, every problem of the row named."""
    districts = _choice_table(District, DISTRICT_ALIASES, DISTRICT_SUFFIXES)
    roles = _choice_table(Role, ROLE_ALIASES)
    return [_applicant(row, districts, roles) for row in rows]


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


def _applicant(row: ImportRow, districts: dict, roles: dict) -> tuple[Applicant | None, list[str]]:
    reasons = []
    full_name = ""
    try:
        # As the sign-up form asks: at least two letters.
        full_name = normalise_full_name(row.full_name)
    except ValidationError as exc:
        if exc.code != "name":
            reasons.append(_("Name: %(error)s") % {"error": exc.messages[0]})
        elif short := normalise_name(row.full_name):
            reasons.append(_("The name “%(value)s” is too short: give the full name.") % {"value": short})
        else:
            reasons.append(_("The name is missing."))
    else:
        if len(full_name) > 200:
            reasons.append(_("The name is longer than %(limit)s characters.") % {"limit": 200})

    phone = ""
    if row.phone.strip():
        try:
            phone = normalise_phone(row.phone)
        except ValidationError as exc:
            reasons.append(_("Phone “%(value)s”: %(error)s") % {"value": row.phone, "error": exc.messages[0]})

    email = ""
    try:
        email = normalise_email(row.email)
    except ValidationError:
        reasons.append(_("The email “%(value)s” is not valid.") % {"value": row.email})

    organisation = ""
    try:
        organisation = normalise_name(row.organisation)
    except ValidationError as exc:
        reasons.append(_("Organisation: %(error)s") % {"error": exc.messages[0]})
    else:
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
    return Applicant(
        full_name=full_name,
        phone=phone,
        email=email,
        organisation=organisation,
        age=age,
        district=district,
        role=role,
        language=settings.LANGUAGE_CODE,
    ), []
