"""The organiser's speaker pages: the form, the grantor's approval and the private files
(CV, diploma) served to organisers only."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Speaker, SpeakerApproval
from tests.factories import SpeakerFactory
from tests.support import PDF, make_user, messages_of

pytestmark = pytest.mark.django_db


def speaker_data(**overrides) -> dict:
    data = {
        "full_name": "Айгүл Серікқызы",
        "position": "Экономист",
        "organisation": "ОҚ университеті",
        "bio": "",
        "email": "aigul@example.kz",
        "phone": "+77011234567",
        "approval": SpeakerApproval.PENDING,
        "approved_on": "",
    }
    return {**data, **overrides}


def test_cv_that_is_text_renamed_pdf_is_refused(org_client, media_dirs):
    _, private_root = media_dirs
    fake = SimpleUploadedFile("cv.pdf", b"I am plain text pretending to be a PDF.", content_type="application/pdf")

    response = org_client.post(reverse("manage:speaker_create"), speaker_data(cv=fake))

    assert response.status_code == 200
    assert response.context["form"].errors["cv"] == ["This file is not an accepted type. Accepted: PDF, JPG, PNG."]
    assert "This file is not an accepted type." in response.content.decode()
    assert Speaker.objects.count() == 0
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_valid_pdf_cv_is_stored_privately_and_served_to_organisers_only(org_client, media_dirs):
    media_root, private_root = media_dirs

    response = org_client.post(
        reverse("manage:speaker_create"),
        speaker_data(cv=SimpleUploadedFile("my cv.pdf", PDF, content_type="application/pdf")),
    )

    speaker = Speaker.objects.get()
    assert response["Location"] == reverse("manage:speaker_edit", args=[speaker.pk])
    assert speaker.cv.name.startswith("speakers/cv/") and speaker.cv.name.endswith(".pdf")
    assert (private_root / speaker.cv.name).read_bytes() == PDF
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))

    file_url = reverse("manage:speaker_file", args=[speaker.pk, "cv"])
    download = org_client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF

    edit_page = org_client.get(reverse("manage:speaker_edit", args=[speaker.pk])).content.decode()
    list_page = org_client.get(reverse("manage:speaker_list")).content.decode()
    assert file_url in edit_page and file_url in list_page
    assert "/media/speakers/cv/" not in edit_page
    assert reverse("manage:speaker_file", args=[speaker.pk, "diploma"]) not in list_page

    org_client.logout()
    anonymous = org_client.get(file_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"{reverse('login')}?next={file_url}"
    org_client.force_login(make_user("vol", "volunteer"))
    assert org_client.get(file_url).status_code == 403


def test_speaker_approved_without_date_gets_error_on_date(org_client):
    response = org_client.post(reverse("manage:speaker_create"), speaker_data(approval=SpeakerApproval.APPROVED))

    form = response.context["form"]
    assert form.errors == {"approved_on": ["An approved speaker needs the date of approval."]}
    assert Speaker.objects.count() == 0


def test_organiser_edits_speaker_approval_with_date(org_client):
    speaker = SpeakerFactory()

    org_client.post(
        reverse("manage:speaker_edit", args=[speaker.pk]),
        speaker_data(approval=SpeakerApproval.APPROVED, approved_on="2025-02-10"),
    )

    speaker.refresh_from_db()
    assert (speaker.full_name, speaker.approval, speaker.approved_on) == (
        "Айгүл Серікқызы",
        SpeakerApproval.APPROVED,
        date(2025, 2, 10),
    )


def test_approve_action_records_date(org_client):
    speaker = SpeakerFactory()

    response = org_client.post(reverse("manage:speaker_approve", args=[speaker.pk]), {"on": "2025-02-10"})

    speaker.refresh_from_db()
    assert (speaker.approval, speaker.approved_on) == (SpeakerApproval.APPROVED, date(2025, 2, 10))
    assert messages_of(response) == [f"“{speaker.full_name}” is approved."]


def test_approve_action_refuses_future_date(org_client):
    speaker = SpeakerFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = org_client.post(reverse("manage:speaker_approve", args=[speaker.pk]), {"on": tomorrow.isoformat()})

    speaker.refresh_from_db()
    assert speaker.approval == SpeakerApproval.PENDING
    assert messages_of(response) == ["The approval date cannot be in the future."]


def test_speaker_list_shows_approval_badge(org_client):
    SpeakerFactory(full_name="Ержан", approval=SpeakerApproval.APPROVED, approved_on=date(2025, 1, 5))

    html = org_client.get(reverse("manage:speaker_list")).content.decode()

    assert '<span class="badge approved">Approved by the grantor</span>' in html
