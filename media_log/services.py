"""Every write of evidence and feedback, with its rules.

Uploads are checked by their content (never their name) and completely before anything is
stored: a refused file leaves nothing behind in MEDIA_ROOT or PRIVATE_MEDIA_ROOT.
"""

import io
from datetime import date, datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core.errors import DomainError
from core.uploads import PHOTO_MAX_PIXELS, check_image_pixels, sniff
from registration.models import Registration
from registration.selectors import has_attended

from .models import PRIVATE_KINDS, Approval, EvidenceKind, Feedback, MediaItem

IMAGE_TYPES = ("jpg", "png", "webp")
DOCUMENT_TYPES = ("pdf", "jpg", "png", "webp")
VIDEO_TYPES = ("mp4", "m4a")
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    EvidenceKind.PHOTO: IMAGE_TYPES,
    EvidenceKind.BANNER: IMAGE_TYPES,
    EvidenceKind.DESIGN: IMAGE_TYPES,
    EvidenceKind.VIDEO: ("mp4",),
    EvidenceKind.VIDEO_CLIP: ("mp4",),
    EvidenceKind.PODCAST: (*VIDEO_TYPES, *DOCUMENT_TYPES),
    EvidenceKind.INTERVIEW: ("mp4", *DOCUMENT_TYPES),
}
# Kinds the grant plan wants "agreed" (approved) by the grantor: they start as pending.
APPROVAL_KINDS = frozenset(
    {
        EvidenceKind.PROGRAMME,
        EvidenceKind.SPEAKER_LIST,
        EvidenceKind.DESIGN,
        EvidenceKind.SCRIPT,
        EvidenceKind.QUESTIONNAIRE,
        EvidenceKind.BANNER,
        EvidenceKind.VIDEO_CLIP,
    }
)
EXTRA_FIELDS = frozenset(
    {
        "description",
        "date",
        "platform",
        "reach",
        "outlet",
        "street",
        "period_start",
        "period_end",
        "approval",
        "approved_on",
    }
)
THUMBNAIL_SIZE = 480
# ISO base media brands of MP4 video and M4A audio; HEIC photos are also "ftyp" files and stay out.
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}
_M4A_BRANDS = {b"M4A "}
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_DATETIME = 306
COMMENT_MAX = 2000


def accepted_types(kind: str) -> tuple[str, ...]:
    return ACCEPTED_TYPES.get(kind, DOCUMENT_TYPES)


def file_type(upload) -> str | None:
    """'mp4' or 'm4a' from an ISO media `ftyp` box, else what core.uploads.sniff reads."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if len(head) == 12 and head[4:8] == b"ftyp":
        if head[8:12] in _MP4_BRANDS:
            return "mp4"
        if head[8:12] in _M4A_BRANDS:
            return "m4a"
        return None
    return sniff(upload)


def exif_date(upload) -> date | None:
    """The day a photo was taken: EXIF DateTimeOriginal, else DateTime, else None."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            exif = image.getexif()
            raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    except (OSError, ValueError, SyntaxError):
        return None
    finally:
        upload.seek(0)
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    if not isinstance(raw, str):
        return None
    try:
        return datetime.strptime(raw.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S").date()
    except ValueError:
        return None


def make_thumbnail(upload) -> ContentFile:
    """A JPEG at most THUMBNAIL_SIZE pixels on its longer side, turned upright by its EXIF orientation."""
    upload.seek(0)
    with Image.open(upload) as image:
        # A JPEG is decoded straight at the smallest scale still larger than the thumbnail.
        image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            # Transparent areas become white rather than JPEG's default black.
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
        image.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
    upload.seek(0)
    return ContentFile(out.getvalue(), name="thumbnail.jpg")


def _too_large(size: int, limit: int) -> DomainError:
    return DomainError(
        _("The file is too large (%(size)s); the limit is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="file_too_large",
        field="file",
    )


def _check_file(kind: str, upload) -> str:
    """Return the file's type if `kind` accepts it and it is within the size limit, else raise.

    MP4 and M4A files may be up to VIDEO_UPLOAD_MAX_BYTES; everything else (screenshots of a
    video's post included) up to UPLOAD_MAX_BYTES."""
    accepted = accepted_types(kind)
    size = upload.size or 0
    # Refuse what no accepted type could be before reading any of it.
    ceiling = settings.UPLOAD_MAX_BYTES
    if set(accepted) & set(VIDEO_TYPES):
        ceiling = max(ceiling, settings.VIDEO_UPLOAD_MAX_BYTES)
    if size > ceiling:
        raise _too_large(size, ceiling)
    # Before the type check, which decodes the image: a few kilobytes of PNG may declare
    # billions of pixels.
    try:
        check_image_pixels(upload, max_pixels=PHOTO_MAX_PIXELS)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code=exc.code, field="file") from None
    found = file_type(upload)
    if found not in accepted:
        raise DomainError(
            _("This file is not an accepted type. Accepted: %(types)s.")
            % {"types": ", ".join(t.upper() for t in accepted)},
            code="file_type",
            field="file",
        )
    limit = settings.VIDEO_UPLOAD_MAX_BYTES if found in VIDEO_TYPES else settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise _too_large(size, limit)
    return found


def _check_fields(kind: str, *, title: str, has_file: bool, url: str, fields: dict) -> None:
    if kind not in EvidenceKind.values:
        raise DomainError(_("Unknown kind of evidence."), code="bad_kind", field="kind")
    if not title.strip():
        raise DomainError(_("Give the item a title."), code="title_required", field="title")
    if not has_file and not url:
        raise DomainError(_("Attach a file or give a link."), code="file_or_url", field="file")
    if kind == EvidenceKind.SOCIAL_POST and not fields.get("platform"):
        raise DomainError(_("Choose the platform of the post."), code="platform_required", field="platform")
    if kind == EvidenceKind.PRESS and not fields.get("outlet", "").strip():
        raise DomainError(_("Name the newspaper or portal."), code="outlet_required", field="outlet")
    if kind == EvidenceKind.BANNER and not fields.get("street", "").strip():
        raise DomainError(_("Name the street where the banner hangs."), code="street_required", field="street")
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        raise DomainError(_("The banner cannot come down before it goes up."), code="period_order", field="period_end")
    if (reach := fields.get("reach")) is not None and reach < 0:
        raise DomainError(_("Reach cannot be negative."), code="negative_reach", field="reach")
    if fields.get("approval") == Approval.APPROVED and not fields.get("approved_on"):
        raise DomainError(
            _("An approved item needs the date of approval."), code="approval_date_required", field="approved_on"
        )


def _default_date(event) -> date:
    if event is not None:
        return timezone.localdate(event.start_at)
    return timezone.localdate()


def _prepare(*, kind: str, event, title: str, upload, url: str, by, fields: dict) -> MediaItem:
    """Check everything and build the unsaved item with its files attached; stores nothing."""
    if unknown := set(fields) - EXTRA_FIELDS:
        raise TypeError(f"Unknown fields for evidence: {sorted(unknown)}")
    fields = {key: value for key, value in fields.items() if value is not None and value != ""}
    _check_fields(kind, title=title, has_file=upload is not None, url=url, fields=fields)
    item = MediaItem(kind=kind, event=event, title=title.strip(), url=url, created_by=by, **fields)
    if item.approval == Approval.NOT_REQUIRED and "approval" not in fields and kind in APPROVAL_KINDS:
        item.approval = Approval.PENDING
    if item.approval not in (Approval.APPROVED, Approval.REJECTED):
        item.approved_on = None
    taken_on = None
    if upload is not None:
        found = _check_file(kind, upload)
        # Keep no part of the uploaded name: the stored name gets the extension of the real type.
        stored = File(upload, name=f"evidence.{found}")
        if kind in PRIVATE_KINDS:
            item.private_file = stored
        else:
            item.file = stored
            if found in IMAGE_TYPES:
                item.thumbnail = make_thumbnail(upload)
        if kind == EvidenceKind.PHOTO:
            taken_on = exif_date(upload)
    item.date = taken_on or fields.get("date") or _default_date(event)
    try:
        item.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="invalid") from exc
    return item


def _delete_stored(items: list[MediaItem]) -> None:
    for item in items:
        for field in (item.file, item.private_file, item.thumbnail):
            if field and field._committed and field.name:
                field.storage.delete(field.name)


def _store(items: list[MediaItem]) -> list[MediaItem]:
    """Save the items in one transaction; if any fails, remove the files already written."""
    try:
        with transaction.atomic():
            for item in items:
                item.save()
    except Exception:
        _delete_stored(items)
        raise
    return items


def add_evidence(*, kind: str, event, title: str, file=None, url: str = "", by, **fields) -> MediaItem:
    """Record one piece of evidence: a file (checked by content and size for its kind), a link, or both.

    Photos take their date from EXIF (DateTimeOriginal, else DateTime); other items from
    `date`, else the event's day, else today. Images get a JPEG thumbnail ≤ 480 px, except
    private kinds (letters, minutes, survey results, questionnaires), whose files go to
    private storage. Raises DomainError (nothing stored) for any broken rule.
    """
    item = _prepare(kind=kind, event=event, title=title, upload=file, url=url.strip(), by=by, fields=fields)
    return _store([item])[0]


def add_photos(*, event, files, by) -> list[MediaItem]:
    """Add several photos of `event` at once: all or nothing.

    Every file is checked first; if any is refused, DomainError (code "invalid_files") names
    each bad file with its reason in `extra["errors"]` and nothing is stored.
    """
    files = list(files)
    if not files:
        raise DomainError(_("Choose at least one photo."), code="no_files", field="files")
    items, errors = [], []
    for number, upload in enumerate(files, start=1):
        name = PurePosixPath(upload.name or "").name
        title = PurePosixPath(name).stem[:300] or _("Photo %(number)s") % {"number": number}
        try:
            items.append(
                _prepare(kind=EvidenceKind.PHOTO, event=event, title=title, upload=upload, url="", by=by, fields={})
            )
        except DomainError as exc:
            errors.append(_("%(name)s: %(error)s") % {"name": name or number, "error": exc.message})
    if errors:
        raise DomainError(
            _("No photos were added. %(errors)s") % {"errors": " ".join(errors)},
            code="invalid_files",
            field="files",
            extra={"errors": errors},
        )
    return _store(items)


@transaction.atomic
def set_approval(*, item: MediaItem, approval: str, on: date | None) -> MediaItem:
    """Record the grantor's decision. `on` is required for "approved"; it is kept for
    "rejected" too and cleared for "pending" and "not_required". Locks the item."""
    if approval not in Approval.values:
        raise DomainError(_("Unknown approval status."), code="bad_approval", field="approval")
    if approval == Approval.APPROVED and on is None:
        raise DomainError(
            _("An approved item needs the date of approval."), code="approval_date_required", field="approved_on"
        )
    locked = MediaItem.objects.select_for_update().get(pk=item.pk)
    locked.approval = approval
    locked.approved_on = on if approval in (Approval.APPROVED, Approval.REJECTED) else None
    locked.save(update_fields=["approval", "approved_on"])
    item.approval, item.approved_on = locked.approval, locked.approved_on
    return locked


@transaction.atomic
def leave_feedback(*, registration: Registration, rating: int, comment: str) -> Feedback:
    """One attendee's feedback, at most once per registration.

    Only a confirmed registration with an active (not undone) check-in may leave it:
    otherwise DomainError "not_attended". A second one raises "already_given" (the
    registration row is locked; the one-to-one key is the backstop). Rating 1–5 ("bad_rating"),
    comment up to 2000 characters ("comment_too_long").
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not has_attended(registration):
        raise DomainError(_("Feedback can be left only by those who attended the event."), code="not_attended")
    if Feedback.objects.filter(registration=registration).exists():
        raise DomainError(_("You have already left your feedback. Thank you!"), code="already_given")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), code="bad_rating", field="rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            _("The comment is too long (at most %(max)s characters).") % {"max": COMMENT_MAX},
            code="comment_too_long",
            field="comment",
        )
    try:
        with transaction.atomic():
            return Feedback.objects.create(registration=registration, rating=rating, comment=comment)
    except IntegrityError as exc:
        raise DomainError(_("You have already left your feedback. Thank you!"), code="already_given") from exc
