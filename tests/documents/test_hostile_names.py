"""Hostile names: refused at every way in (the form, the API, the import), and survived by every
document when one is already in the database (badges, certificates, lists, tickets)."""

import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from openpyxl import load_workbook
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.models import Job, JobStatus
from core.pdf import register_fonts
from documents.badges import LAYOUTS
from documents.drawing import fit_text
from registration.contacts import normalise_full_name, normalise_name
from registration.forms import RegistrationForm
from registration.importing import import_attendees
from registration.importing.reading import ImportRow
from registration.models import CheckIn, Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.pdf_tools import page_count, pdf_text

pytestmark = pytest.mark.django_db

LONG_NAME = ("Нұрсұлтан Өмірзақұлы Үмбетәлиев-Шәріпбаев Һәкімжанұлы " * 4)[:200]
HOSTILE_NAMES = {
    "zero_width": "\u200b\u200b",
    "empty": "",
    "emoji": "😀😀",
    "cjk": "王小明",
    "long": LONG_NAME,
    "long_word": "Ә" * 200,
    "rtl": "محمد بن سلمان",
    "bidi_override": "\u202eАйгерім",
}
NO_LETTERS = "A name must contain letters."
CONTROL = "Remove the invisible control characters from this text."


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def fonts():
    return register_fonts()


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def registration_named(name: str, volunteer) -> Registration:
    """A checked-in registration of an event that has taken place (certificates wait for it),
    whose name was written straight into the database, as a row stored before the checks were
    in place would be."""
    start = timezone.now() - timedelta(hours=3)
    event = EventFactory(start_at=start, end_at=start + timedelta(hours=2))
    registration = RegistrationFactory(event=event, full_name="Айгерім Сәрсенова")
    CheckIn.objects.create(registration=registration, checked_in_by=volunteer)
    Registration.objects.filter(pk=registration.pk).update(full_name=name, name_search=name.casefold())
    registration.refresh_from_db()
    return registration


def finished(response) -> Job:
    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert (job.status, job.error) == (JobStatus.DONE, "")
    return job


def result(job: Job) -> bytes:
    with job.result.open("rb") as file:
        return file.read()


# --- The way in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("Ай\u200bгерім\u200e Сәр\ufeffсенова\u2060", "Айгерім Сәрсенова"),
        ("\u202eАйгерім", "Айгерім"),
        ("  محمد   علي ", "محمد علي"),
        ("王小明", "王小明"),
    ],
)
def test_invisible_format_characters_are_removed_from_a_name(raw, stored):
    assert normalise_full_name(raw) == stored


@pytest.mark.parametrize("raw", ["\u200b\u200b", "\ufeff", "\u200b \u2060"])
def test_a_name_of_invisible_characters_only_is_blank(raw):
    assert normalise_name(raw) == ""
    with pytest.raises(ValidationError) as info:
        normalise_full_name(raw)
    assert info.value.code == "name"


@pytest.mark.parametrize("raw", ["😀😀", "12345", "---", "\u0301\u0301", "😀 1"])
def test_a_name_without_letters_is_refused(raw):
    for normalise in (normalise_name, normalise_full_name):
        with pytest.raises(ValidationError) as info:
            normalise(raw)
        assert (info.value.code, info.value.messages) == ("no_letters", [NO_LETTERS])


@pytest.mark.parametrize("raw", ["А😀", "А 1"])
def test_a_full_name_needs_two_letters(raw):
    assert normalise_name(raw) == raw
    with pytest.raises(ValidationError) as info:
        normalise_full_name(raw)
    assert info.value.code == "name"


@pytest.mark.parametrize("raw", ["Ай\x00гүл", "Ай\x1fгүл", "Ай\x85гүл", "Ай\ud800гүл"])
def test_control_characters_a_split_would_eat_are_refused(raw):
    with pytest.raises(ValidationError) as info:
        normalise_name(raw)
    assert info.value.code == "control_character"


@pytest.mark.parametrize("name", ["\u200b\u200b", "😀😀"])
def test_the_registration_form_refuses_a_hostile_name(name):
    form = RegistrationForm(data={"full_name": name, "phone": "+77011234567", "consent": "on"})

    assert not form.is_valid()
    assert form.errors["full_name"] == [{"\u200b\u200b": "Enter your full name.", "😀😀": NO_LETTERS}[name]]


@pytest.mark.parametrize("name", ["\u200b\u200b", "😀😀"])
def test_the_api_refuses_a_hostile_name_with_422(client, name):
    event = EventFactory()

    response = post_json(
        client,
        f"/api/events/{event.slug}/registrations",
        {"full_name": name, "phone": "+77011234567", "consent": True},
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == ["full_name"]
    assert errors[0]["message"] == {"\u200b\u200b": "Enter your full name.", "😀😀": NO_LETTERS}[name]
    assert Registration.objects.count() == 0


def test_the_import_reports_hostile_names_and_imports_nothing():
    rows = [
        ImportRow(number=2, full_name="\u200b\u200b", phone="+77011234567"),
        ImportRow(number=3, full_name="😀😀", phone="+77011234568"),
        ImportRow(number=4, full_name="Ай\u200bгүл", phone="+77011234569"),
    ]

    report = import_attendees(event=EventFactory(), rows=rows, by=None)

    assert [(r.number, r.status, r.reason) for r in report.rows] == [
        (2, "refused", "The name is missing."),
        (3, "refused", f"Name: {NO_LETTERS}"),
        (4, "ok", ""),
    ]
    assert Registration.objects.count() == 0


# --- The documents survive a name already stored -----------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\u200b\u200b", "\u0301", "😀😀", "Ә" * 200])
@pytest.mark.parametrize("max_lines", [1, 2, 3])
def test_fit_text_never_divides_by_zero(fonts, text, max_lines):
    _, bold = fonts
    size, lines = fit_text(text, bold, 100, 16, 9, max_lines=max_lines)

    assert 0 < size <= 16
    assert all(stringWidth(line, bold, size) <= 100.01 for line in lines)


def test_fit_text_in_a_box_of_no_width_draws_nothing(fonts):
    assert fit_text("Айгерім", fonts[1], 0, 16, 9) == (9, [])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_every_badge_layout_survives_a_stored_hostile_name(
    organiser_client, volunteer, django_capture_on_commit_callbacks, layout, name
):
    registration = registration_named(name, volunteer)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            organiser_client,
            f"/api/events/{registration.event.slug}/badges",
            {"layout": layout, "codes": [registration.code]},
        )

    pdf = result(finished(response))
    assert page_count(pdf) == 1
    if name == LONG_NAME:
        assert name.split()[0] in pdf_text(pdf)


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_certificates_survive_a_stored_hostile_name(
    organiser_client, volunteer, django_capture_on_commit_callbacks, name
):
    registration = registration_named(name, volunteer)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(organiser_client, f"/api/events/{registration.event.slug}/certificates", {"email": False})
    job = finished(response)
    download = organiser_client.get(f"/t/{registration.code}/certificate.pdf")

    assert job.result.name.endswith(".zip")
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    assert page_count(pdf) == 1
    if name == LONG_NAME:
        assert name.split()[0] in pdf_text(pdf)


@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_the_participant_list_survives_a_stored_hostile_name(
    organiser_client, volunteer, django_capture_on_commit_callbacks, name, file_format
):
    registration = registration_named(name, volunteer)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            organiser_client, f"/api/events/{registration.event.slug}/participant-list", {"format": file_format}
        )

    content = result(finished(response))
    if file_format == "pdf":
        assert page_count(content) == 1
    else:
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        assert rows[1][1] in (name, None)


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_the_ticket_pdf_survives_a_stored_hostile_name(client, volunteer, name):
    registration = registration_named(name, volunteer)

    response = client.get(f"/t/{registration.code}/ticket.pdf")

    assert response.status_code == 200
    assert page_count(response.content) == 1
    if name == HOSTILE_NAMES["long_word"]:
        assert "ӘӘӘ…" in pdf_text(response.content)
