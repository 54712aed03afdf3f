import io
import json
import logging
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from PIL import Image

from core.models import Job, JobStatus
from documents import badges as badge_service
from documents.badges import LAYOUTS, render_badges
from documents.context import branding_for
from documents.drawing import fit_text
from registration.models import Role, ScanResult
from registration.services import check_in
from registration.tickets import ticket_url
from tests.factories import EventFactory, RegistrationFactory
from tests.pdf_tools import page_count, pdf_text, qr_codes_on_page

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"
KAZAKH_TITLE = "Жастардың бюджетке қатысуы: өңірлік үндеу һәм ғылым, ұлт"


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def run_badge_job(client, event, django_capture_on_commit_callbacks, **body):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, f"/api/events/{event.slug}/badges", body)
    assert response.status_code == 202, response.content
    return Job.objects.get(pk=response.json()["id"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_badge_qr_scans_from_the_rendered_page_and_checks_in(layout, volunteer):
    registration = RegistrationFactory(full_name="Әлихан Қоңыратбаев", organisation="Шымкент жастар орталығы")
    badges = [badge_service.badge_data(registration)]

    pdf = render_badges(badges, layout=layout, branding=branding_for(registration.event))

    decoded = qr_codes_on_page(pdf)
    assert decoded == [ticket_url(registration)]
    outcome = check_in(code=decoded[0], event=registration.event, scanned_by=volunteer)
    assert outcome.result == ScanResult.OK
    assert outcome.registration == registration


def test_every_badge_on_an_a4_sheet_scans():
    event = EventFactory()
    registrations = [RegistrationFactory(event=event) for _ in range(8)]

    pdf = render_badges(
        [badge_service.badge_data(r) for r in registrations], layout="a4_sheet", branding=branding_for(event)
    )

    assert page_count(pdf) == 1
    assert sorted(qr_codes_on_page(pdf)) == sorted(ticket_url(r) for r in registrations)


def test_badge_pdf_carries_kazakh_letters_as_text():
    event = EventFactory(title_kk=KAZAKH_TITLE)
    registration = RegistrationFactory(event=event, role=Role.SPEAKER, organisation="Өңірлік үкіметтік емес ұйым")

    pdf = render_badges([badge_service.badge_data(registration)], layout="a6", branding=branding_for(event))

    text = pdf_text(pdf)
    assert all(letter in text for letter in KAZAKH_LETTERS), text
    assert registration.full_name in text
    assert "DejaVuSans" in pdf.decode("latin-1") and "Helvetica" not in pdf.decode("latin-1")


def test_long_name_shrinks_to_fit_the_badge():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    name = "Нұрсұлтан Өмірзақұлы Үмбетәлиев-Шәріпбаев Һәкімжанұлы"
    size, lines = fit_text(name, "DejaVuSans-Bold", 150, 16, 9, max_lines=3)

    assert 9 <= size < 16
    assert " ".join(lines) == name
    assert all(stringWidth(line, "DejaVuSans-Bold", size) <= 150.01 for line in lines)


def test_badge_job_makes_one_pdf_of_all_sheets(organiser_client, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory.create_batch(19, event=event)
    RegistrationFactory(event=event, status="cancelled")

    job = run_badge_job(organiser_client, event, django_capture_on_commit_callbacks, layout="a4_sheet")

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == (JobStatus.DONE, 3, 3, "")
    response = organiser_client.get(f"/api/jobs/{job.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["done"], body["total"], body["percent"]) == ("done", 3, 3, 100)
    download = organiser_client.get(body["result_url"])
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    assert page_count(pdf) == 3
    assert len(qr_codes_on_page(pdf, page=3)) == 3


def test_badge_job_for_one_attendee(organiser_client, django_capture_on_commit_callbacks):
    event = EventFactory()
    registration, _other = RegistrationFactory.create_batch(2, event=event)

    job = run_badge_job(
        organiser_client, event, django_capture_on_commit_callbacks, layout="card", codes=[registration.code]
    )

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    with job.result.open("rb") as file:
        pdf = file.read()
    assert page_count(pdf) == 1
    assert qr_codes_on_page(pdf, dpi=300) == [ticket_url(registration)]


def test_attendee_list_row_starts_a_badge_for_that_person(organiser_client, django_capture_on_commit_callbacks):
    event = EventFactory()
    registration, _other = RegistrationFactory.create_batch(2, event=event)
    page = organiser_client.get(f"/manage/registration/{event.slug}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            f"/manage/registration/{event.slug}/jobs/badges/", {"layout": "a6", "code": registration.code}
        )

    job = Job.objects.get()
    assert f'name="code" value="{registration.code}"' in page
    assert response.status_code == 302 and response["Location"] == f"/manage/jobs/{job.pk}/"
    assert (job.status, job.total) == (JobStatus.DONE, 1)
    with job.result.open("rb") as file:
        assert qr_codes_on_page(file.read()) == [ticket_url(registration)]


def test_badges_use_the_uploaded_logo_and_colours(settings):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#aa0000").save(buffer, format="PNG")
    event = EventFactory(primary_colour="#123456", accent_colour="#abcdef")
    event.logo.save("logo.png", ContentFile(buffer.getvalue()))
    registration = RegistrationFactory(event=event)

    branding = branding_for(event)
    pdf = render_badges([badge_service.badge_data(registration)], layout="a6", branding=branding)

    assert branding.primary == "#123456" and branding.logo_path == event.logo.path
    assert b"/Subtype /Image" in pdf
    assert qr_codes_on_page(pdf) == [ticket_url(registration)]


def test_a_logo_gone_from_the_disk_is_left_out_and_logged(settings, caplog):
    """The badges are still made (without the logo) and the log names the file to restore."""
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#aa0000").save(buffer, format="PNG")
    event = EventFactory()
    event.logo.save("logo.png", ContentFile(buffer.getvalue()))
    registration = RegistrationFactory(event=event)
    os.remove(event.logo.path)

    with caplog.at_level(logging.WARNING, logger="core.uploads"):
        branding = branding_for(event)
    pdf = render_badges([badge_service.badge_data(registration)], layout="a6", branding=branding)

    assert branding.logo_path is None
    assert [r.getMessage() for r in caplog.records] == [
        f"File {event.logo.name} is missing from the disk; left out of the document"
    ]
    assert qr_codes_on_page(pdf) == [ticket_url(registration)]


def test_volunteer_cannot_start_badges(volunteer_client):
    event = EventFactory()
    RegistrationFactory(event=event)

    response = post_json(volunteer_client, f"/api/events/{event.slug}/badges", {"layout": "a6"})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Job.objects.count() == 0


def test_anonymous_cannot_start_badges(client):
    event = EventFactory()

    response = post_json(client, f"/api/events/{event.slug}/badges", {"layout": "a6"})

    assert response.status_code == 401
    assert Job.objects.count() == 0


def test_badges_for_nobody_is_409(organiser_client):
    event = EventFactory()

    response = post_json(organiser_client, f"/api/events/{event.slug}/badges", {"layout": "a6"})

    assert response.status_code == 409
    assert response.json()["code"] == "nobody"


def test_participant_list_pdf_has_signature_column_and_kazakh(organiser_client, django_capture_on_commit_callbacks):
    event = EventFactory(title_kk=KAZAKH_TITLE)
    people = RegistrationFactory.create_batch(30, event=event, organisation="Өнер мектебі")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(organiser_client, f"/api/events/{event.slug}/participant-list", {"format": "pdf"})

    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.DONE
    with job.result.open("rb") as file:
        text = pdf_text(file.read())
    assert all(letter in text for letter in KAZAKH_LETTERS)
    with translation.override("kk"):
        assert gettext("Signature") in text
    assert all(person.full_name in text for person in people)
    assert page_count_of(job) == 2
    assert "+7701" not in text


def page_count_of(job) -> int:
    with job.result.open("rb") as file:
        return page_count(file.read())


def test_participant_list_xlsx_lists_confirmed_people_without_contacts(
    organiser_client, django_capture_on_commit_callbacks, volunteer
):
    event = EventFactory()
    came = RegistrationFactory(event=event, full_name="Бекзат Әлиев", email="b@example.kz")
    RegistrationFactory(event=event, full_name="Гүлнар Сейітова")
    RegistrationFactory(event=event, full_name="Болмаған Адам", status="cancelled")
    check_in(code=came.code, event=event, scanned_by=volunteer)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(organiser_client, f"/api/events/{event.slug}/participant-list", {"format": "xlsx"})

    job = Job.objects.get(pk=response.json()["id"])
    with job.result.open("rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[1] for row in rows[1:]] == ["Бекзат Әлиев", "Гүлнар Сейітова"]
    assert rows[1][4]  # checked-in time
    assert rows[2][4] in (None, "")
    assert not any("example.kz" in str(value) for row in rows for value in row)


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
def test_badge_job_runs_on_a_real_worker(live_worker, client, organiser):
    event = EventFactory()
    registrations = RegistrationFactory.create_batch(10, event=event)
    client.force_login(organiser)

    response = post_json(client, f"/api/events/{event.slug}/badges", {"layout": "a4_sheet"})
    assert response.status_code == 202
    job_id = response.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = client.get(f"/api/jobs/{job_id}").json()
        if body["status"] in ("done", "failed"):
            break
        time.sleep(0.2)

    assert (body["status"], body["done"], body["total"]) == ("done", 2, 2), body
    pdf = b"".join(client.get(body["result_url"]).streaming_content)
    assert page_count(pdf) == 2
    on_pages = qr_codes_on_page(pdf, page=1) + qr_codes_on_page(pdf, page=2)
    assert sorted(on_pages) == sorted(ticket_url(r) for r in registrations)
