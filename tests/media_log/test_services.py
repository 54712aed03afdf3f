from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from PIL import Image

from core.errors import DomainError
from media_log.models import Approval, EvidenceKind, Feedback, MediaItem, Platform
from media_log.services import add_evidence, add_photos, leave_feedback, set_approval
from registration.models import CheckIn, RegistrationStatus
from registration.services import check_in, undo_check_in
from tests.factories import EventFactory, RegistrationFactory

from .factories import (
    DATETIME,
    MediaItemFactory,
    UserFactory,
    corrupt_jpeg,
    image_bytes,
    jpeg,
    mp4,
    pdf,
    stored_files,
    text_as_jpeg,
)

pytestmark = pytest.mark.django_db

TYPE_ERROR_IMAGES = "This file is not an accepted type. Accepted: JPG, PNG, WEBP."


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the Kazakh default is covered by the view tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def event():
    return EventFactory(
        start_at=timezone.make_aware(datetime(2024, 10, 3, 10, 0)),
        end_at=timezone.make_aware(datetime(2024, 10, 3, 12, 0)),
    )


# add_evidence: photos


def test_add_photo_takes_date_from_exif_datetime_original(event, user, settings):
    item = add_evidence(
        kind=EvidenceKind.PHOTO,
        event=event,
        title="Сессия",
        file=jpeg(taken="2024:09:14 10:22:01"),
        by=user,
        date=date(2024, 1, 1),
    )

    item.refresh_from_db()
    assert item.date == date(2024, 9, 14)
    assert item.file.name.startswith("media_log/photo/") and item.file.name.endswith(".jpg")
    assert item.approval == Approval.NOT_REQUIRED
    assert item.created_by == user
    assert (settings.MEDIA_ROOT / item.file.name).exists()


def test_add_photo_falls_back_to_exif_datetime_tag_306(event, user):
    item = add_evidence(
        kind=EvidenceKind.PHOTO,
        event=event,
        title="Сессия",
        file=jpeg(taken="2024:08:30 09:00:00", tag=DATETIME),
        by=user,
    )

    assert item.date == date(2024, 8, 30)


def test_add_photo_without_exif_uses_given_date_then_event_day(event, user):
    given = add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=jpeg(), by=user, date=date(2024, 10, 4))
    default = add_evidence(kind=EvidenceKind.PHOTO, event=event, title="B", file=jpeg(), by=user)

    assert given.date == date(2024, 10, 4)
    assert default.date == date(2024, 10, 3)


def test_add_photo_with_garbage_exif_date_uses_event_day(event, user):
    item = add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=jpeg(taken="not a date"), by=user)

    assert item.date == date(2024, 10, 3)


def test_add_photo_makes_jpeg_thumbnail_within_480px(event, user, settings):
    item = add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=jpeg(size=(2000, 1000)), by=user)

    with Image.open(settings.MEDIA_ROOT / item.thumbnail.name) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.size == (480, 240)
    assert item.thumbnail.name.startswith("media_log/thumbs/")


def test_thumbnail_is_turned_upright_by_exif_orientation(event, user, settings):
    # Orientation 6: the camera was turned; the stored pixels are landscape, the photo is portrait.
    item = add_evidence(
        kind=EvidenceKind.PHOTO, event=event, title="A", file=jpeg(size=(1200, 600), orientation=6), by=user
    )

    with Image.open(settings.MEDIA_ROOT / item.thumbnail.name) as thumb:
        assert thumb.size == (240, 480)


def test_transparent_png_gets_jpeg_thumbnail(event, user, settings):
    png = SimpleUploadedFile("logo.png", image_bytes(size=(300, 200), fmt="PNG", mode="RGBA"))
    item = add_evidence(kind=EvidenceKind.DESIGN, event=None, title="Медаль", file=png, by=user)

    assert item.file.name.endswith(".png")
    with Image.open(settings.MEDIA_ROOT / item.thumbnail.name) as thumb:
        assert (thumb.format, thumb.size, thumb.mode) == ("JPEG", (300, 200), "RGB")


def test_corrupt_image_refused_and_nothing_stored(event, user, settings):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=corrupt_jpeg(), by=user)

    assert err.value.code == "file_type"
    assert err.value.field == "file"
    assert str(err.value) == TYPE_ERROR_IMAGES
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_text_file_named_jpg_refused(event, user, settings):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=text_as_jpeg(), by=user)

    assert err.value.code == "file_type"
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_oversized_image_refused(event, user, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    upload = jpeg(size=(600, 600))
    assert upload.size > 1000

    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=upload, by=user)

    assert err.value.code == "file_too_large"
    assert str(err.value).endswith("the limit is 1000\xa0bytes.")
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_pdf_refused_for_photo(event, user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.PHOTO, event=event, title="A", file=pdf(), by=user)

    assert err.value.code == "file_type"


# add_evidence: videos


def test_mp4_video_accepted_beyond_the_ordinary_limit(event, user, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    settings.VIDEO_UPLOAD_MAX_BYTES = 10_000

    item = add_evidence(kind=EvidenceKind.VIDEO, event=event, title="Бейне", file=mp4(size=5000), by=user)

    assert item.file.name.startswith("media_log/video/") and item.file.name.endswith(".mp4")
    assert not item.thumbnail
    assert (settings.MEDIA_ROOT / item.file.name).stat().st_size == 5000


def test_mp4_over_video_limit_refused(event, user, settings):
    settings.VIDEO_UPLOAD_MAX_BYTES = 4000

    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.VIDEO, event=event, title="Бейне", file=mp4(size=5000), by=user)

    assert err.value.code == "file_too_large"
    assert stored_files(settings.MEDIA_ROOT) == []


def test_heic_is_not_taken_for_a_video(event, user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.VIDEO, event=event, title="Бейне", file=mp4(brand=b"heic"), by=user)

    assert err.value.code == "file_type"
    assert str(err.value) == "This file is not an accepted type. Accepted: MP4."


def test_screenshot_for_podcast_keeps_the_ordinary_limit(event, user, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.PODCAST, event=event, title="Подкаст", file=jpeg(size=(600, 600)), by=user)

    assert err.value.code == "file_too_large"


def test_video_as_link_only(user):
    item = add_evidence(
        kind=EvidenceKind.VIDEO_CLIP,
        event=None,
        title="Ролик",
        url="https://youtu.be/x",
        by=user,
        platform=Platform.YOUTUBE,
        reach=1200,
    )

    item.refresh_from_db()
    assert (item.url, item.platform, item.reach, item.event) == ("https://youtu.be/x", "youtube", 1200, None)
    assert item.approval == Approval.PENDING
    assert item.date == timezone.localdate()


# add_evidence: private documents


def test_letter_goes_to_private_storage_without_thumbnail(event, user, settings):
    item = add_evidence(kind=EvidenceKind.LETTER, event=event, title="Хат", file=pdf(), by=user)

    assert not item.file
    assert not item.thumbnail
    assert item.private_file.name.startswith("media_log/letter/") and item.private_file.name.endswith(".pdf")
    assert stored_files(settings.MEDIA_ROOT) == []
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == [item.private_file.name]


def test_scanned_questionnaire_image_stays_private(event, user, settings):
    item = add_evidence(kind=EvidenceKind.QUESTIONNAIRE, event=event, title="Сауалнама", file=jpeg(), by=user)

    assert not item.thumbnail
    assert item.approval == Approval.PENDING
    assert stored_files(settings.MEDIA_ROOT) == []


def test_public_document_accepts_pdf(event, user, settings):
    item = add_evidence(kind=EvidenceKind.PROGRAMME, event=event, title="Бағдарлама", file=pdf(), by=user)

    assert item.file.name.endswith(".pdf")
    assert not item.thumbnail
    assert item.approval == Approval.PENDING


# add_evidence: per-kind rules


@pytest.mark.parametrize(
    ("kind", "fields", "code"),
    [
        (EvidenceKind.SOCIAL_POST, {}, "platform_required"),
        (EvidenceKind.PRESS, {"outlet": "  "}, "outlet_required"),
        (EvidenceKind.BANNER, {}, "street_required"),
        (
            EvidenceKind.BANNER,
            {"street": "Тәуке хан", "period_start": date(2024, 9, 10), "period_end": date(2024, 9, 9)},
            "period_order",
        ),
        (EvidenceKind.PRESS, {"outlet": "Adyrna", "reach": -1}, "negative_reach"),
        (EvidenceKind.PROGRAMME, {"approval": Approval.APPROVED}, "approval_date_required"),
    ],
)
def test_add_evidence_refuses_broken_kind_rule(kind, fields, code, user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=kind, event=None, title="A", url="https://example.kz/a", by=user, **fields)

    assert err.value.code == code
    assert MediaItem.objects.count() == 0


def test_add_evidence_needs_file_or_link(user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.PRESS, event=None, title="A", by=user, outlet="Adyrna")

    assert (err.value.code, str(err.value)) == ("file_or_url", "Attach a file or give a link.")


def test_add_evidence_needs_title(user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.OTHER, event=None, title="  ", url="https://example.kz", by=user)

    assert err.value.code == "title_required"


def test_add_evidence_refuses_unknown_kind(user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind="selfie", event=None, title="A", url="https://example.kz", by=user)

    assert err.value.code == "bad_kind"


def test_add_evidence_refuses_unknown_field(user):
    with pytest.raises(TypeError):
        add_evidence(kind=EvidenceKind.OTHER, event=None, title="A", url="https://example.kz", by=user, colour="red")


def test_add_evidence_refuses_malformed_url(user):
    with pytest.raises(DomainError) as err:
        add_evidence(kind=EvidenceKind.OTHER, event=None, title="A", url="not a link", by=user)

    assert err.value.code == "invalid"
    assert MediaItem.objects.count() == 0


def test_add_banner_with_street_and_period(user):
    item = add_evidence(
        kind=EvidenceKind.BANNER,
        event=None,
        title="Баннер",
        url="https://example.kz/b",
        by=user,
        street="Тәуке хан даңғылы",
        period_start=date(2024, 9, 1),
        period_end=date(2024, 9, 1),
    )

    item.refresh_from_db()
    assert (item.street, item.period_start, item.period_end) == (
        "Тәуке хан даңғылы",
        date(2024, 9, 1),
        date(2024, 9, 1),
    )


def test_add_approved_item_with_date(user):
    item = add_evidence(
        kind=EvidenceKind.SCRIPT,
        event=None,
        title="Сценарий",
        url="https://example.kz/s",
        by=user,
        approval=Approval.APPROVED,
        approved_on=date(2024, 9, 2),
    )

    assert (item.approval, item.approved_on) == (Approval.APPROVED, date(2024, 9, 2))


# add_photos


def test_add_photos_adds_all(event, user, settings):
    items = add_photos(event=event, files=[jpeg("a.jpg", taken="2024:10:03 10:05:00"), jpeg("b.jpg")], by=user)

    assert [(i.title, i.kind, i.event_id, i.date) for i in items] == [
        ("a", "photo", event.pk, date(2024, 10, 3)),
        ("b", "photo", event.pk, date(2024, 10, 3)),
    ]
    assert all(i.thumbnail for i in items)
    assert len(stored_files(settings.MEDIA_ROOT)) == 4


def test_add_photos_all_or_nothing_names_each_bad_file(event, user, settings):
    files = [jpeg("good.jpg"), text_as_jpeg("notes.jpg"), corrupt_jpeg("broken.jpg")]

    with pytest.raises(DomainError) as err:
        add_photos(event=event, files=files, by=user)

    assert err.value.code == "invalid_files"
    assert err.value.extra["errors"] == [f"notes.jpg: {TYPE_ERROR_IMAGES}", f"broken.jpg: {TYPE_ERROR_IMAGES}"]
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_add_photos_names_oversized_file(event, user, settings):
    settings.UPLOAD_MAX_BYTES = 5000
    with pytest.raises(DomainError) as err:
        add_photos(event=event, files=[jpeg("small.jpg", size=(10, 10)), jpeg("big.jpg", size=(900, 900))], by=user)

    assert len(err.value.extra["errors"]) == 1
    assert err.value.extra["errors"][0].startswith("big.jpg: The file is too large")
    assert MediaItem.objects.count() == 0


def test_add_photos_refuses_empty_list(event, user):
    with pytest.raises(DomainError) as err:
        add_photos(event=event, files=[], by=user)

    assert err.value.code == "no_files"


def test_failed_save_removes_files_already_written(event, user, settings, monkeypatch):
    # The second row fails in the database after the first photo's files were written.
    calls = {"n": 0}
    original = MediaItem.save

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntegrityError("simulated")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MediaItem, "save", failing_save)
    with pytest.raises(IntegrityError):
        add_photos(event=event, files=[jpeg("a.jpg"), jpeg("b.jpg")], by=user)

    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


# set_approval


def test_set_approval_approved_with_date():
    item = MediaItemFactory(kind=EvidenceKind.PROGRAMME, approval=Approval.PENDING)

    set_approval(item=item, approval=Approval.APPROVED, on=date(2024, 9, 5))

    item.refresh_from_db()
    assert (item.approval, item.approved_on) == (Approval.APPROVED, date(2024, 9, 5))


def test_set_approval_approved_without_date_refused():
    item = MediaItemFactory(kind=EvidenceKind.PROGRAMME, approval=Approval.PENDING)

    with pytest.raises(DomainError) as err:
        set_approval(item=item, approval=Approval.APPROVED, on=None)

    assert err.value.code == "approval_date_required"
    item.refresh_from_db()
    assert (item.approval, item.approved_on) == (Approval.PENDING, None)


def test_set_approval_back_to_pending_clears_date():
    item = MediaItemFactory(approval=Approval.APPROVED, approved_on=date(2024, 9, 5))

    set_approval(item=item, approval=Approval.PENDING, on=date(2024, 9, 6))

    item.refresh_from_db()
    assert (item.approval, item.approved_on) == (Approval.PENDING, None)


def test_set_approval_refuses_unknown_status():
    item = MediaItemFactory()

    with pytest.raises(DomainError) as err:
        set_approval(item=item, approval="maybe", on=None)

    assert err.value.code == "bad_approval"


def test_database_refuses_approval_without_date():
    item = MediaItemFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.filter(pk=item.pk).update(approval=Approval.APPROVED)


def test_database_refuses_item_without_file_or_link():
    item = MediaItemFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.filter(pk=item.pk).update(url="")


def test_database_refuses_negative_reach():
    item = MediaItemFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.filter(pk=item.pk).update(reach=-5)


def test_database_refuses_banner_period_reversed():
    item = MediaItemFactory(kind=EvidenceKind.BANNER)

    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.filter(pk=item.pk).update(period_start=date(2024, 9, 2), period_end=date(2024, 9, 1))


def test_database_refuses_public_file_for_private_kind():
    item = MediaItemFactory(kind=EvidenceKind.MINUTES)

    with pytest.raises(IntegrityError), transaction.atomic():
        MediaItem.objects.filter(pk=item.pk).update(file="media_log/minutes/x.pdf")


# leave_feedback


@pytest.fixture
def attendee():
    registration = RegistrationFactory()
    check_in(code=registration.code, event=registration.event, scanned_by=UserFactory())
    return registration


def test_leave_feedback_after_check_in(attendee):
    feedback = leave_feedback(registration=attendee, rating=4, comment="  Пайдалы болды  ")

    feedback.refresh_from_db()
    assert (feedback.registration, feedback.rating, feedback.comment) == (attendee, 4, "Пайдалы болды")


def test_leave_feedback_twice_refused(attendee):
    leave_feedback(registration=attendee, rating=5, comment="")

    with pytest.raises(DomainError) as err:
        leave_feedback(registration=attendee, rating=1, comment="again")

    assert err.value.code == "already_given"
    assert list(Feedback.objects.values_list("rating", "comment")) == [(5, "")]


def test_leave_feedback_without_check_in_refused():
    registration = RegistrationFactory()

    with pytest.raises(DomainError) as err:
        leave_feedback(registration=registration, rating=5, comment="")

    assert err.value.code == "not_attended"
    assert Feedback.objects.count() == 0


def test_leave_feedback_after_undone_check_in_refused(attendee):
    undo_check_in(registration=attendee, by=UserFactory(), reason="Қате сканерленді")
    assert CheckIn.objects.filter(registration=attendee, undone_at__isnull=True).count() == 0

    with pytest.raises(DomainError) as err:
        leave_feedback(registration=attendee, rating=5, comment="")

    assert err.value.code == "not_attended"


def test_leave_feedback_of_cancelled_registration_refused(attendee):
    type(attendee).objects.filter(pk=attendee.pk).update(status=RegistrationStatus.CANCELLED)

    with pytest.raises(DomainError) as err:
        leave_feedback(registration=attendee, rating=5, comment="")

    assert err.value.code == "not_attended"


@pytest.mark.parametrize("rating", [0, 6, -1, True])
def test_leave_feedback_rating_out_of_bounds_refused(attendee, rating):
    with pytest.raises(DomainError) as err:
        leave_feedback(registration=attendee, rating=rating, comment="")

    assert err.value.code == "bad_rating"
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("rating", [1, 5])
def test_leave_feedback_rating_bounds_accepted(attendee, rating):
    assert leave_feedback(registration=attendee, rating=rating, comment="").rating == rating


def test_leave_feedback_comment_too_long_refused(attendee):
    with pytest.raises(DomainError) as err:
        leave_feedback(registration=attendee, rating=3, comment="ә" * 2001)

    assert err.value.code == "comment_too_long"
    assert Feedback.objects.count() == 0


def test_leave_feedback_comment_of_2000_accepted(attendee):
    assert len(leave_feedback(registration=attendee, rating=3, comment="ә" * 2000).comment) == 2000


def test_database_refuses_rating_outside_1_to_5(attendee):
    feedback = leave_feedback(registration=attendee, rating=3, comment="")

    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(rating=6)


def test_database_refuses_second_feedback(attendee):
    leave_feedback(registration=attendee, rating=3, comment="")

    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(registration=attendee, rating=4)
