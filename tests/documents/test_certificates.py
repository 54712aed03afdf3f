import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import DomainError
from core.models import Job, JobStatus
from documents.certificates import issue_certificate, verify_url
from documents.models import Certificate, CertificateKind
from documents.tasks import issue_certificate_part_task
from registration.models import CheckIn, Role
from registration.services import undo_check_in
from tests.factories import EventFactory, RegistrationFactory
from tests.pdf_tools import page_count, pdf_text, qr_codes_on_page

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"
KAZAKH_TITLE = "Жастардың бюджетке қатысуы: өңірлік үндеу һәм ғылым, ұлт"


def held_event(**fields):
    """An event that has taken place: certificates wait for it (test_certificate_rules)."""
    start = timezone.now() - timedelta(hours=3)
    return EventFactory(start_at=start, end_at=start + timedelta(hours=2), **fields)


def attended(volunteer, **fields):
    """A registration checked in at an event that has taken place (the check-in row itself,
    since the door accepts no scan after the end)."""
    if "event" not in fields:
        fields["event"] = held_event()
    registration = RegistrationFactory(**fields)
    CheckIn.objects.create(registration=registration, checked_in_by=volunteer)
    return registration


def read(certificate) -> bytes:
    with certificate.file.open("rb") as file:
        return file.read()


def test_certificate_refused_without_check_in():
    registration = RegistrationFactory(event=held_event())

    with pytest.raises(DomainError) as error:
        issue_certificate(registration=registration)

    assert error.value.code == "not_attended"
    assert Certificate.objects.count() == 0


def test_certificate_refused_after_check_in_undone(volunteer):
    registration = attended(volunteer)
    undo_check_in(registration=registration, by=volunteer, reason="Қате сканерленді")

    with pytest.raises(DomainError) as error:
        issue_certificate(registration=registration)

    assert error.value.code == "not_attended"


def test_certificate_is_kazakh_landscape_with_a_verify_qr(volunteer):
    registration = attended(
        volunteer, event=held_event(title_kk=KAZAKH_TITLE), full_name="Әсем Ғалымқызы", language="kk"
    )

    certificate = issue_certificate(registration=registration)

    pdf = read(certificate)
    text = pdf_text(pdf)
    assert all(letter in text for letter in KAZAKH_LETTERS), text
    assert "Әсем Ғалымқызы" in text
    assert (certificate.kind, certificate.language) == (CertificateKind.CERTIFICATE, "kk")
    assert len(certificate.verify_code) >= 32  # 192 bits in base64url
    assert qr_codes_on_page(pdf) == [verify_url(certificate)]
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_speaker_gets_a_letter_of_thanks(volunteer):
    registration = attended(volunteer, role=Role.SPEAKER)

    certificate = issue_certificate(registration=registration)

    assert certificate.kind == CertificateKind.THANKS


def test_issuing_twice_gives_the_same_certificate_and_file(volunteer):
    registration = attended(volunteer)

    first = issue_certificate(registration=registration)
    second = issue_certificate(registration=registration)

    assert second.pk == first.pk
    assert second.file.name == first.file.name
    assert Certificate.objects.filter(registration=registration).count() == 1


def test_certificate_task_run_twice_makes_one_certificate_and_one_email(
    organiser_client, volunteer, django_capture_on_commit_callbacks
):
    event = held_event()
    registration = attended(volunteer, event=event, email="asel@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            f"/api/events/{event.slug}/certificates", json.dumps({"email": True}), content_type="application/json"
        )
    job = Job.objects.get(pk=response.json()["id"])
    certificate = Certificate.objects.get(registration=registration)
    content = read(certificate)

    issue_certificate_part_task(job.pk, 0)  # a redelivered message

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 1, 1)
    assert Certificate.objects.filter(registration=registration).count() == 1
    certificate.refresh_from_db()
    assert read(certificate) == content
    assert [message.to for message in mail.outbox] == [["asel@example.kz"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_certificate_job_only_for_people_checked_in(organiser_client, volunteer, django_capture_on_commit_callbacks):
    event = held_event()
    came = [attended(volunteer, event=event) for _ in range(3)]
    RegistrationFactory.create_batch(2, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            f"/api/events/{event.slug}/certificates", "{}", content_type="application/json"
        )

    assert response.status_code == 202
    assert response.json()["total"] == 3
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.DONE
    assert set(Certificate.objects.values_list("registration_id", flat=True)) == {r.pk for r in came}
    with job.result.open("rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    assert len(archive.namelist()) == 3
    assert all(page_count(archive.read(name)) == 1 for name in archive.namelist())


def test_certificates_with_nobody_checked_in_is_409(organiser_client):
    event = held_event()
    RegistrationFactory(event=event)

    response = organiser_client.post(f"/api/events/{event.slug}/certificates", "{}", content_type="application/json")

    assert response.status_code == 409
    assert response.json()["code"] == "nobody"


def test_volunteer_cannot_issue_certificates(volunteer_client):
    event = held_event()

    response = volunteer_client.post(f"/api/events/{event.slug}/certificates", "{}", content_type="application/json")

    assert response.status_code == 403


def test_verify_page_shows_name_event_and_date_but_no_contacts(client, volunteer):
    registration = attended(volunteer, full_name="Дана Өмірбекова", email="dana@example.kz", organisation="Құпия ұйым")
    certificate = issue_certificate(registration=registration)

    response = client.get(f"/verify/{certificate.verify_code}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Дана Өмірбекова" in html
    assert registration.event.title_kk in html
    assert registration.phone not in html
    assert "dana@example.kz" not in html
    assert "Құпия ұйым" not in html
    assert registration.code not in html


def test_verify_unknown_code_is_404(client):
    response = client.get("/verify/not-a-real-code")

    assert response.status_code == 404


def test_ticket_page_offers_the_certificate_only_after_check_in(client, volunteer):
    registration = RegistrationFactory(event=held_event())
    link = f"/t/{registration.code}/certificate.pdf"

    assert link not in client.get(f"/t/{registration.code}").content.decode()
    refused = client.get(link)
    assert refused.status_code == 302
    assert Certificate.objects.count() == 0

    CheckIn.objects.create(registration=registration, checked_in_by=volunteer)
    assert link in client.get(f"/t/{registration.code}").content.decode()
    response = client.get(link)

    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert pdf == read(Certificate.objects.get(registration=registration))
