"""Files in private storage have no public URL, yet every page that shows them still renders."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from events.models import Speaker
from media_log.models import EvidenceKind, MediaItem
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_private_file_has_no_url_and_lives_outside_media_root(settings):
    speaker = Speaker.objects.create(full_name="Әлия")
    speaker.cv.save("cv.pdf", ContentFile(PDF))

    assert speaker.cv.url == ""
    assert (settings.PRIVATE_MEDIA_ROOT / speaker.cv.name).read_bytes() == PDF
    assert not (settings.MEDIA_ROOT / speaker.cv.name).exists()


def test_admin_pages_render_with_private_files(admin_client, admin_user):
    speaker = Speaker.objects.create(full_name="Әлия")
    speaker.cv.save("cv.pdf", ContentFile(PDF))
    letter = MediaItem(
        kind=EvidenceKind.LETTER, event=EventFactory(), title="Хат", date="2026-11-01", created_by=admin_user
    )
    letter.private_file.save("letter.pdf", ContentFile(PDF), save=False)
    letter.save()

    speaker_page = admin_client.get(reverse("admin:events_speaker_change", args=[speaker.pk]))
    letter_page = admin_client.get(reverse("admin:media_log_mediaitem_change", args=[letter.pk]))

    assert speaker_page.status_code == letter_page.status_code == 200
    assert reverse("manage:speaker_file", args=[speaker.pk, "cv"]) in speaker_page.content.decode()
    assert "/media/" + speaker.cv.name not in speaker_page.content.decode()
