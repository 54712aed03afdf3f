"""Factories and file builders for the media_log tests."""

import io
from datetime import date
from pathlib import Path

import factory
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media_log.models import EvidenceKind, Feedback, MediaItem
from tests.factories import RegistrationFactory

EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
DATETIME = 306
ORIENTATION = 274


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"media-user-{n}")


class MediaItemFactory(factory.django.DjangoModelFactory):
    """A link-only item: no files, so selector tests stay fast."""

    class Meta:
        model = MediaItem

    kind = EvidenceKind.PHOTO
    title = factory.Sequence(lambda n: f"Дәлел {n}")
    date = date(2024, 9, 14)
    url = factory.Sequence(lambda n: f"https://example.kz/evidence/{n}")
    created_by = factory.SubFactory(UserFactory)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    registration = factory.SubFactory(RegistrationFactory)
    rating = 5


def image_bytes(
    *,
    size=(1200, 800),
    fmt="JPEG",
    taken: str | None = None,
    tag: int = DATETIME_ORIGINAL,
    orientation: int | None = None,
    mode="RGB",
) -> bytes:
    """An image built with Pillow, optionally with EXIF DateTimeOriginal (in the Exif IFD),
    DateTime (tag 306, in IFD0) and Orientation."""
    image = Image.new(mode, size, "red")
    exif = Image.Exif()
    if taken and tag == DATETIME_ORIGINAL:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken
    elif taken:
        exif[DATETIME] = taken
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def jpeg(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def pdf(name="letter.pdf") -> SimpleUploadedFile:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def mp4(name="clip.mp4", *, brand=b"mp42", size=4096) -> SimpleUploadedFile:
    head = b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00" + b"mp42isom"
    return SimpleUploadedFile(name, head + b"\x00" * (size - len(head)), content_type="video/mp4")


def text_as_jpeg(name="notes.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"just some text, not a picture\n" * 10, content_type="image/jpeg")


def corrupt_jpeg(name="broken.jpg") -> SimpleUploadedFile:
    """A real JPEG cut in half: the header reads, the pixels do not."""
    data = image_bytes(size=(800, 600))
    return SimpleUploadedFile(name, data[: len(data) // 2], content_type="image/jpeg")


def stored_files(root) -> list[str]:
    """Every file under `root` (a MEDIA_ROOT), relative; [] when the folder was never made."""
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
