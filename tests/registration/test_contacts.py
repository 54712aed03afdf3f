"""Names, phones and emails, cleaned in one place (`registration.contacts`), and the database's
E.164 constraint behind the phone."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from registration.contacts import (
    name_key,
    normalise_email,
    normalise_full_name,
    normalise_name,
    normalise_phone,
)
from registration.forms import AttendeeForm, RegistrationForm
from registration.models import Registration
from tests.factories import RegistrationFactory

PHONE_MESSAGE = "Enter a mobile number, e.g. +7 701 123 45 67 (other countries with their code, e.g. +998 …)."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# Phones


@pytest.mark.parametrize(
    "raw",
    [
        "+7 701 123 45 67",
        "8 (701) 123-45-67",
        "8 701 123 45 67",
        "87011234567",
        "7011234567",
        "+77011234567",
        "77011234567",
        "+7-701-123-45-67",
        " 8 701 123 45 67 ",
        "8.701.123.45.67",
        "+7 (701) 123 45 67",
    ],
)
def test_phone_kazakhstan_in_every_usual_format(raw):
    assert normalise_phone(raw) == "+77011234567"


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("+998 90 123 45 67", "+998901234567"),  # Uzbekistan
        ("+998901234567", "+998901234567"),
        ("+996 555 123 456", "+996555123456"),  # Kyrgyzstan
        ("+996 (555) 12-34-56", "+996555123456"),
        ("+7 747 123 45 67", "+77471234567"),
        ("+7 912 345 67 89", "+79123456789"),  # Russia shares +7
    ],
)
def test_phone_with_a_country_code_is_accepted_in_e164(raw, stored):
    assert normalise_phone(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "123",
        "555",
        "abc",
        "+7701123456789",
        "++77011234567",
        "8 312 123 45 67",
        "998901234567",  # Uzbekistan without its "+": read as a Kazakhstan number, not valid
        "+998 12 345",  # too short for Uzbekistan
        "+7 7252 12 34 56",  # a Shymkent landline
        "+7 701 CALL ME1",  # letters, which phonenumbers would read as digits
        "+7 701 123 45 67 ext. 5",
        "+7 701 123 45 67#",
        "7 701 123 45 67 8 701 123 45 67 8",
    ],
)
def test_bad_or_landline_phone_is_refused_with_the_message(raw):
    with pytest.raises(ValidationError) as info:
        normalise_phone(raw)

    assert info.value.code == "phone"
    assert info.value.messages == [PHONE_MESSAGE]


# Emails and names


@pytest.mark.parametrize("raw,stored", [("", ""), ("  ", ""), (" Aigerim@Example.KZ ", "aigerim@example.kz")])
def test_email_is_stripped_and_lower_case(raw, stored):
    assert normalise_email(raw) == stored


@pytest.mark.parametrize("raw", ["not-an-email", "a@", "a" * 250 + "@x.kz"])
def test_bad_email_is_refused(raw):
    with pytest.raises(ValidationError) as info:
        normalise_email(raw)

    assert info.value.code == "email"
    assert info.value.messages == ["Enter a valid email address."]


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("  Айгерім   Сәрсенова ", "Айгерім Сәрсенова"),
        ("Айгерім\tСәрсенова\n", "Айгерім Сәрсенова"),
        ("", ""),
    ],
)
def test_name_spaces_are_collapsed(raw, stored):
    assert normalise_name(raw) == stored


@pytest.mark.parametrize("raw", ["Айгерім\x00", "Ай\x1bгерім", "\x7fАйгерім"])
def test_name_with_a_control_character_is_refused(raw):
    with pytest.raises(ValidationError) as info:
        normalise_name(raw)

    assert info.value.code == "control_character"
    assert info.value.messages == ["Remove the invisible control characters from this text."]


@pytest.mark.parametrize("raw", ["", " ", " А  "])
def test_full_name_needs_two_characters(raw):
    with pytest.raises(ValidationError) as info:
        normalise_full_name(raw)

    assert (info.value.code, info.value.messages) == ("name", ["Enter your full name."])


def test_name_key_ignores_case_and_spaces():
    assert name_key("  АЙГЕРІМ   сәрсенова") == name_key("айгерім Сәрсенова") == "айгерім сәрсенова"


# The forms use the same functions


def test_registration_form_accepts_an_uzbek_number_and_cleans_every_field():
    form = RegistrationForm(
        data={
            "full_name": "  Дилноза   Каримова ",
            "phone": "+998 90 123 45 67",
            "email": " Dilnoza@Example.UZ ",
            "organisation": " Тошкент  университети ",
            "consent": "on",
        }
    )

    assert form.is_valid(), form.errors
    assert {k: form.cleaned_data[k] for k in ("full_name", "phone", "email", "organisation")} == {
        "full_name": "Дилноза Каримова",
        "phone": "+998901234567",
        "email": "dilnoza@example.uz",
        "organisation": "Тошкент университети",
    }


def test_registration_form_accepts_a_kyrgyz_number():
    form = RegistrationForm(data={"full_name": "Айбек Осмонов", "phone": "+996 555 123 456", "consent": "on"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+996555123456"


@pytest.mark.parametrize("phone", ["555", "+7 7252 12 34 56", "phone"])
def test_registration_form_refuses_a_bad_phone_with_the_message(phone):
    form = RegistrationForm(data={"full_name": "Айгерім", "phone": phone, "consent": "on"})

    assert not form.is_valid()
    assert form.errors["phone"] == [PHONE_MESSAGE]


def test_attendee_form_phone_is_optional_and_refuses_control_characters():
    form = AttendeeForm(data={"full_name": "Марат\x1bӘлиев", "phone": "", "role": "speaker", "language": "kk"})

    assert not form.is_valid()
    assert form.errors["full_name"] == ["Remove the invisible control characters from this text."]
    assert "phone" not in form.errors


# The database


@pytest.mark.django_db
def test_database_stores_a_foreign_phone_in_e164():
    registration = RegistrationFactory(phone="+998901234567")

    assert Registration.objects.get(pk=registration.pk).phone == "+998901234567"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phone", ["87011234567", "+7 701 123 45 67", "+07011234567", "+7701", "+12345678901234a", "+7701123456a"]
)
def test_database_refuses_a_phone_not_in_e164(phone):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(phone=phone)
