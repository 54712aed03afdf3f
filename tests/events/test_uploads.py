import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.uploads import validate_document, validate_image, validate_pdf
from events.models import Speaker
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image_bytes(fmt: str = "PNG", size=(40, 30), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    if noise:
        image = Image.frombytes("RGB", size, bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3)))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(validator, file) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validator(file)
    return info.value


def english(error: ValidationError) -> list[str]:
    with translation.override("en"):
        return [str(message) for message in error.messages]


@pytest.fixture
def saved_private():
    """Speakers whose private files a test saved; their files are deleted afterwards wherever they landed."""
    speakers: list[Speaker] = []
    yield speakers
    for speaker in speakers:
        for field in (speaker.cv, speaker.diploma):
            if field:
                field.storage.delete(field.name)


# ---------------------------------------------------------------- validators


@pytest.mark.parametrize("fmt, name", [("PNG", "photo.png"), ("JPEG", "photo.jpg"), ("WEBP", "photo.webp")])
def test_real_images_pass_validate_image(fmt, name):
    validate_image(upload(name, image_bytes(fmt)))


def test_real_png_and_pdf_pass_validate_document():
    validate_document(upload("scan.png", image_bytes("PNG")))
    validate_document(upload("scan.jpg", image_bytes("JPEG")))
    validate_document(upload("cv.pdf", PDF_BYTES))


def test_pdf_passes_validate_pdf():
    validate_pdf(upload("slides.pdf", PDF_BYTES))


def test_text_renamed_png_is_refused_with_clear_message():
    error = refusal(validate_image, upload("photo.png", b"just some text, not an image at all\n"))

    assert error.code == "file_type"
    assert english(error) == ["This file is not an accepted type. Accepted: JPG, PNG, WEBP."]


def test_text_renamed_pdf_is_refused_as_document():
    error = refusal(validate_document, upload("cv.pdf", b"Curriculum vitae\nName: ...\n"))

    assert error.code == "file_type"
    assert english(error) == ["This file is not an accepted type. Accepted: PDF, JPG, PNG."]


def test_png_renamed_pdf_is_refused_as_slides():
    error = refusal(validate_pdf, upload("slides.pdf", image_bytes("PNG")))

    assert error.code == "file_type"
    assert english(error) == ["This file is not an accepted type. Accepted: PDF."]


def test_pdf_is_not_a_photo():
    error = refusal(validate_image, upload("photo.jpg", PDF_BYTES))

    assert error.code == "file_type"


def test_gif_is_not_an_accepted_image():
    error = refusal(validate_image, upload("photo.png", image_bytes("GIF")))

    assert error.code == "file_type"


def test_webp_is_not_an_accepted_document():
    error = refusal(validate_document, upload("cv.png", image_bytes("WEBP")))

    assert error.code == "file_type"


def test_empty_file_is_refused():
    error = refusal(validate_image, upload("photo.png", b""))

    assert error.code == "file_type"


@pytest.mark.parametrize("keep", [8, 33, 0.5])
def test_truncated_png_is_refused(keep):
    data = image_bytes("PNG", size=(200, 200), noise=True)
    cut = int(len(data) * keep) if isinstance(keep, float) else keep

    error = refusal(validate_image, upload("photo.png", data[:cut]))

    assert error.code == "file_type"


def test_corrupt_png_is_refused():
    data = bytearray(image_bytes("PNG", size=(200, 200), noise=True))
    data[60:120] = b"\x00" * 60

    error = refusal(validate_image, upload("photo.png", bytes(data)))

    assert error.code == "file_type"


def test_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(200, 200), noise=True)

    error = refusal(validate_image, upload("photo.jpg", data[: len(data) // 2]))

    assert error.code == "file_type"


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    data = image_bytes("PNG", size=(100, 100), noise=True)
    assert len(data) > 1000

    with translation.override("en"):
        error = refusal(validate_image, upload("photo.png", data))

    assert error.code == "file_too_large"
    assert english(error) == [f"The file is too large ({len(data) / 1024:.1f}\xa0KB); the limit is 1000\xa0bytes."]


def test_size_limit_is_inclusive(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    exactly = PDF_BYTES + b" " * (1000 - len(PDF_BYTES))

    validate_pdf(upload("slides.pdf", exactly))
    error = refusal(validate_pdf, upload("slides.pdf", exactly + b" "))

    assert error.code == "file_too_large"


def test_size_is_checked_before_type(settings):
    settings.UPLOAD_MAX_BYTES = 10

    error = refusal(validate_image, upload("photo.png", b"not an image, and too long"))

    assert error.code == "file_too_large"


def test_validation_leaves_file_position_alone():
    file = upload("photo.png", image_bytes("PNG"))
    file.seek(5)

    validate_image(file)

    assert file.tell() == 5


# ---------------------------------------------------------------- through the model


def test_speaker_with_real_photo_and_cv_is_valid_and_saved(saved_private):
    png = image_bytes("PNG")
    speaker = SpeakerFactory.build(photo=upload("Мой портрет.PNG", png), cv=upload("cv.pdf", PDF_BYTES))

    speaker.full_clean()
    speaker.save()
    saved_private.append(speaker)

    speaker.refresh_from_db()
    assert re.fullmatch(r"speakers/photos/[0-9a-f]{32}\.png", speaker.photo.name)
    assert re.fullmatch(r"speakers/cv/[0-9a-f]{32}\.pdf", speaker.cv.name)
    assert speaker.photo.read() == png


def test_speaker_photo_that_is_text_is_refused():
    speaker = SpeakerFactory.build(photo=upload("photo.png", b"<?php echo 'hi'; ?>"))

    with pytest.raises(ValidationError) as info:
        speaker.full_clean()

    with translation.override("en"):
        assert {k: [str(m) for m in v] for k, v in info.value.message_dict.items()} == {
            "photo": ["This file is not an accepted type. Accepted: JPG, PNG, WEBP."]
        }
    assert [e.code for e in info.value.error_dict["photo"]] == ["file_type"]


def test_speaker_oversized_diploma_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    speaker = SpeakerFactory.build(diploma=upload("diploma.png", image_bytes("PNG", size=(100, 100), noise=True)))

    with pytest.raises(ValidationError) as info:
        speaker.full_clean()

    assert list(info.value.error_dict) == ["diploma"]
    assert [e.code for e in info.value.error_dict["diploma"]] == ["file_too_large"]


def test_png_named_pdf_is_accepted_as_cv_and_stored_as_png(saved_private):
    png = image_bytes("PNG")
    speaker = SpeakerFactory.build(cv=upload("cv.pdf", png))

    speaker.full_clean()
    speaker.save()
    saved_private.append(speaker)

    speaker.refresh_from_db()
    assert re.fullmatch(r"speakers/cv/[0-9a-f]{32}\.png", speaker.cv.name)
    with speaker.cv.open("rb") as stored:
        assert stored.read() == png


def test_stored_names_keep_nothing_of_the_upload_name(saved_private):
    speaker = SpeakerFactory.build(
        cv=upload("../../etc/passwd.pdf", PDF_BYTES), diploma=upload("diploma.pdf", PDF_BYTES)
    )

    speaker.full_clean()
    speaker.save()
    saved_private.append(speaker)

    assert re.fullmatch(r"speakers/cv/[0-9a-f]{32}\.pdf", speaker.cv.name)
    assert re.fullmatch(r"speakers/diplomas/[0-9a-f]{32}\.pdf", speaker.diploma.name)
    assert speaker.cv.name != speaker.diploma.name.replace("diplomas", "cv")


def test_private_files_are_stored_under_private_media_root(settings, saved_private):
    speaker = SpeakerFactory.build(cv=upload("cv.pdf", PDF_BYTES))
    speaker.save()
    saved_private.append(speaker)

    assert (Path(settings.PRIVATE_MEDIA_ROOT) / speaker.cv.name).read_bytes() == PDF_BYTES
    assert not (Path(settings.MEDIA_ROOT) / speaker.cv.name).exists()


def test_private_files_are_not_under_media_root(settings, saved_private):
    speaker = SpeakerFactory.build(cv=upload("cv.pdf", PDF_BYTES), photo=upload("p.png", image_bytes("PNG")))
    speaker.save()
    saved_private.append(speaker)

    cv_path = Path(speaker.cv.path).resolve()
    assert cv_path.read_bytes() == PDF_BYTES
    assert not cv_path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert Path(speaker.photo.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


# ---------------------------------------------------------------- serving


@pytest.fixture
def speaker_with_cv(saved_private):
    speaker = SpeakerFactory.build(cv=upload("my cv.pdf", PDF_BYTES))
    speaker.save()
    saved_private.append(speaker)
    return speaker


def _file_url(speaker, field="cv") -> str:
    return f"/manage/speakers/{speaker.pk}/file/{field}"


def test_organiser_downloads_the_cv(organiser_client, speaker_with_cv):
    response = organiser_client.get(_file_url(speaker_with_cv))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == f'attachment; filename="cv-{speaker_with_cv.pk}.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_organiser_downloads_a_png_diploma_as_png(organiser_client, saved_private):
    png = image_bytes("PNG")
    speaker = SpeakerFactory.build(diploma=upload("diploma.pdf", png))
    speaker.save()
    saved_private.append(speaker)

    response = organiser_client.get(_file_url(speaker, "diploma"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert response["Content-Disposition"] == f'attachment; filename="diploma-{speaker.pk}.png"'


@pytest.mark.parametrize("who", ["volunteer_client", "grantor_client"])
def test_volunteer_and_grantor_cannot_download_the_cv(request, who, speaker_with_cv):
    response = request.getfixturevalue(who).get(_file_url(speaker_with_cv))

    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, speaker_with_cv):
    url = _file_url(speaker_with_cv)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


@pytest.mark.parametrize("field", ["photo", "email", "bio", "password"])
def test_unknown_file_field_is_404(organiser_client, speaker_with_cv, field):
    response = organiser_client.get(_file_url(speaker_with_cv, field))

    assert response.status_code == 404


def test_speaker_without_cv_is_404(organiser_client):
    speaker = SpeakerFactory()

    response = organiser_client.get(_file_url(speaker))

    assert response.status_code == 404


def test_unknown_speaker_is_404(organiser_client):
    response = organiser_client.get("/manage/speakers/999999/file/cv")

    assert response.status_code == 404


def test_private_file_is_not_served_as_media(client, organiser_client, speaker_with_cv):
    url = f"/media/{speaker_with_cv.cv.name}"

    assert client.get(url).status_code == 404
    assert organiser_client.get(url).status_code == 404


def test_public_photo_is_served_at_its_url(client):
    png = image_bytes("PNG")
    speaker = SpeakerFactory.build(photo=upload("photo.png", png))
    speaker.full_clean()
    speaker.save()

    response = client.get(speaker.photo.url)

    assert speaker.photo.url.startswith("/media/speakers/photos/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert response["Content-Type"] == "image/png"


def test_media_view_refuses_path_traversal(client, settings):
    secret = Path(settings.MEDIA_ROOT).parent / "secret.txt"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("secret")

    response = client.get("/media/../secret.txt")
    encoded = client.get("/media/%2e%2e/secret.txt")

    assert response.status_code == 400
    assert encoded.status_code == 400
    assert b"secret" not in response.content + encoded.content
