"""Evidence for the grantor (photos, videos, posts, press, documents) and attendees' feedback.

Every write goes through `media_log.services`; the monitoring app reads through
`media_log.selectors` only.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.uploads import private_storage
from events.models import Event
from registration.models import Registration


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    SOCIAL_POST = "social_post", _("Social-media post")
    PRESS = "press", _("Press publication")
    BANNER = "banner", _("Banner")
    VIDEO_CLIP = "video_clip", _("Video clip")
    PODCAST = "podcast", _("Podcast")
    INTERVIEW = "interview", _("Interview")
    ANNOUNCEMENT = "announcement", _("Announcement")
    PRESENTATION = "presentation", _("Presentation")
    LETTER = "letter", _("Letter")
    MINUTES = "minutes", _("Minutes")
    SURVEY_RESULT = "survey_result", _("Survey results")
    POSITIVE_CASE = "positive_case", _("Positive case")
    PROGRAMME = "programme", _("Programme")
    SPEAKER_LIST = "speaker_list", _("Speaker list")
    DESIGN = "design", _("Design")
    SCRIPT = "script", _("Script")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    SUMMARY_NOTE = "summary_note", _("Summary note")
    RECOMMENDATION = "recommendation", _("Recommendations")
    OTHER = "other", _("Other")


# Kinds whose files may hold personal data: kept in private storage, served to organisers only.
PRIVATE_KINDS = frozenset(
    {EvidenceKind.LETTER, EvidenceKind.MINUTES, EvidenceKind.SURVEY_RESULT, EvidenceKind.QUESTIONNAIRE}
)


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    TELEGRAM = "telegram", "Telegram"
    OTHER = "other", _("Other")


class Approval(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved by the grantor")
    REJECTED = "rejected", _("Not approved")


def evidence_upload_to(instance, filename):
    """A random name in a folder per kind; the service has already set the extension of the
    type read from the content, so no part of the uploaded name is kept."""
    ext = PurePosixPath(filename).suffix.lower().lstrip(".")[:5] or "bin"
    return f"media_log/{instance.kind}/{uuid.uuid4().hex}.{ext}"


def thumbnail_upload_to(instance, filename):
    return f"media_log/thumbs/{uuid.uuid4().hex}.jpg"


class MediaItem(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="media_items",
        help_text=_("Leave empty for the whole project."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"), help_text=_("The day it happened or was published."))
    file = models.FileField(_("file"), max_length=200, blank=True, upload_to=evidence_upload_to)
    private_file = models.FileField(
        _("file (private)"), max_length=200, blank=True, storage=private_storage, upload_to=evidence_upload_to
    )
    thumbnail = models.ImageField(_("thumbnail"), max_length=200, blank=True, upload_to=thumbnail_upload_to)
    url = models.URLField(_("link"), max_length=500, blank=True)
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices, blank=True)
    reach = models.IntegerField(_("reach"), null=True, blank=True, help_text=_("Views or readers, if known."))
    outlet = models.CharField(_("outlet"), max_length=200, blank=True, help_text=_("Newspaper, portal or channel."))
    street = models.CharField(_("street"), max_length=200, blank=True)
    period_start = models.DateField(_("shown from"), null=True, blank=True)
    period_end = models.DateField(_("shown until"), null=True, blank=True)
    approval = models.CharField(
        _("grantor's approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_REQUIRED
    )
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["-date", "-created_at", "-pk"]
        permissions = [("view_private_evidence", _("Can open letters, minutes, survey results and questionnaires"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(private_file="") | ~Q(url=""),
                name="mediaitem_file_or_url",
                violation_error_message=_("Attach a file or give a link."),
            ),
            models.CheckConstraint(
                condition=Q(private_file="") | Q(kind__in=sorted(PRIVATE_KINDS)),
                name="mediaitem_private_file_only_for_private_kinds",
                violation_error_message=_("Only letters, minutes, survey results and questionnaires are private."),
            ),
            models.CheckConstraint(
                condition=Q(file="") | ~Q(kind__in=sorted(PRIVATE_KINDS)),
                name="mediaitem_private_kinds_not_public",
                violation_error_message=_("Letters, minutes, survey results and questionnaires must stay private."),
            ),
            models.CheckConstraint(
                condition=Q(reach__isnull=True) | Q(reach__gte=0),
                name="mediaitem_reach_not_negative",
                violation_error_message=_("Reach cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="mediaitem_period_ordered",
                violation_error_message=_("The banner cannot come down before it goes up."),
            ),
            models.CheckConstraint(
                condition=~Q(approval="approved") | Q(approved_on__isnull=False),
                name="mediaitem_approval_has_date",
                violation_error_message=_("An approved item needs the date of approval."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "event"]),
            models.Index(fields=["event", "kind", "date"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_private(self) -> bool:
        return self.kind in PRIVATE_KINDS

    @property
    def attachment(self):
        """The stored file, public or private, or None."""
        return self.private_file or self.file or None


class Feedback(models.Model):
    """One attendee's rating and comment on the event they attended (the grantor's пікір)."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("left at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="feedback_rating_1_to_5",
                violation_error_message=_("The rating must be from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.registration_id}: {self.rating}"
