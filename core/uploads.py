"""Upload checks: a size limit, the file's type read from its content (never its name), and
for images a limit on pixels read from the header before a single pixel is decoded.

A PNG of 12000 × 12000 one-bit pixels is some 20 kB on disk and 144 million pixels in memory
(0.6 GB as RGBA): the byte limit cannot see it, the pixel limit does. Each kind of image has
its own limit (photos here, logos and signatures with their forms and services); Pillow's own
MAX_IMAGE_PIXELS is set below as the backstop for every image opened anywhere else.
"""

import logging
import os
import uuid
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# A photo: 50 million pixels lets a phone's 48 MP camera through (8000 × 6000) and nothing much
# larger; decoded as RGB it is 150 MB, once, while the upload is checked.
PHOTO_MAX_PIXELS = 50_000_000
# The backstop: Pillow warns above MAX_IMAGE_PIXELS and refuses to open an image above twice
# that, so nothing over 100 MP (400 MB as RGBA) is decoded anywhere, whatever let it in.
Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS


def image_pixels(file) -> int | None:
    """How many pixels an image's header declares, read without decoding any of them; None when
    the file is not an image Pillow reads. An image Pillow refuses to open as a decompression
    bomb counts as one pixel more than the backstop allows."""
    pos = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
        return width * height
    except Image.DecompressionBombError:
        return 2 * Image.MAX_IMAGE_PIXELS + 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        file.seek(pos)


def check_image_pixels(file, *, max_pixels: int) -> None:
    """Refuse an image of more than `max_pixels` pixels before it is decoded.

    Raises ValidationError(code="too_many_pixels"); a file that is not an image passes (the
    type check refuses it)."""
    pixels = image_pixels(file)
    if pixels is not None and pixels > max_pixels:
        raise ValidationError(
            _("This image has too many pixels: at most %(limit)s megapixels are accepted."),
            code="too_many_pixels",
            params={"limit": max_pixels // 1_000_000},
        )


class LimitedImageField(forms.ImageField):
    """A form's image field that refuses an image of more than `max_pixels` pixels, by its
    header, before Django's own check opens it (which would report a decompression bomb as
    "not a valid image")."""

    max_pixels = PHOTO_MAX_PIXELS

    def to_python(self, data):
        if data and hasattr(data, "seek"):
            check_image_pixels(data, max_pixels=self.max_pixels)
        return super().to_python(data)


class PrivateStorage(FileSystemStorage):
    """Storage under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT: nothing in it has a public URL.

    The location is read from settings at each use, not frozen when models are imported."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # No public URL, ever. An empty one rather than an error, so that generic widgets and
        # the admin (which read `.url`) still render; links go through permission-checked views.
        return ""


def local_path(stored) -> str | None:
    """The path on this server's disk of a stored file (a FieldFile), for a renderer that reads
    files by path; None when the field is empty. A record whose file is gone from the disk (or
    kept on a storage without local paths) also gives None, and is logged: the document is made
    without it rather than not at all, and the log says which file to restore."""
    if not stored:
        return None
    try:
        path = stored.path
    except NotImplementedError:
        logger.warning("File %s is on a storage without local paths; left out of the document", stored.name)
        return None
    if not os.path.exists(path):
        logger.warning("File %s is missing from the disk; left out of the document", stored.name)
        return None
    return path


def private_storage():
    return PrivateStorage()


def sniff(file) -> str | None:
    """Return 'pdf', 'jpg', 'png' or 'webp' from the file's bytes, or None."""
    pos = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        try:
            with Image.open(file) as image:
                fmt = image.format
                image.verify()
            # verify() checks little for JPEG; decoding the pixels catches truncated files. A
            # JPEG is decoded at an eighth of its size, which reads every byte all the same: a
            # 48 MP photo costs 2 MB here instead of 150.
            file.seek(0)
            with Image.open(file) as image:
                if image.format == "JPEG":
                    image.draft(image.mode, (1, 1))
                image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return None
        return IMAGE_FORMATS.get(fmt)
    finally:
        file.seek(pos)


@deconstructible
class UploadValidator:
    """Refuse files over UPLOAD_MAX_BYTES, images of more than PHOTO_MAX_PIXELS pixels (before
    decoding them) and files whose content is not an allowed type."""

    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = tuple(allowed)

    def __call__(self, file):
        limit = settings.UPLOAD_MAX_BYTES
        if file.size is not None and file.size > limit:
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )
        check_image_pixels(file, max_pixels=PHOTO_MAX_PIXELS)
        kind = sniff(file)
        if kind not in self.allowed:
            raise ValidationError(
                _("This file is not an accepted type. Accepted: %(types)s."),
                code="file_type",
                params={"types": ", ".join(t.upper() for t in self.allowed)},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.allowed == self.allowed


validate_image = UploadValidator(("jpg", "png", "webp"))
validate_document = UploadValidator(("pdf", "jpg", "png"))
validate_pdf = UploadValidator(("pdf",))


@deconstructible
class RandomName:
    """upload_to that keeps no part of the uploaded name: a uuid plus the extension of the
    type read from the content, so a file is always served as what it really is."""

    def __init__(self, folder: str, field: str):
        self.folder = folder
        self.field = field

    def __call__(self, instance, filename):
        upload = getattr(instance, self.field)
        ext = sniff(upload.file) if upload else None
        if ext is None:
            ext = PurePosixPath(filename).suffix.lower().lstrip(".")[:5] or "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and (other.folder, other.field) == (self.folder, self.field)
