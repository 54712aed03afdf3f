"""Upload checks: a size limit and the file's type read from its content, never its name."""

import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


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
            # verify() checks little for JPEG; decoding the pixels catches truncated files.
            file.seek(0)
            with Image.open(file) as image:
                image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return None
        return IMAGE_FORMATS.get(fmt)
    finally:
        file.seek(pos)


@deconstructible
class UploadValidator:
    """Refuse files over UPLOAD_MAX_BYTES and files whose content is not an allowed type."""

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
