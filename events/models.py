from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import pick_translation
from core.uploads import RandomName, private_storage, validate_document, validate_image, validate_pdf

validate_hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #0b5394."), code="hex_colour"
)
DEFAULT_PRIMARY_COLOUR = "#0b5394"
DEFAULT_ACCENT_COLOUR = "#f1c232"

# Pages under /events/ (events/urls.py) whose address an event's slug would hide.
RESERVED_SLUGS = frozenset({"speakers"})


def validate_slug_not_reserved(slug: str) -> None:
    """Refuse a slug that is the address of another page under /events/: the edit form and the
    admin (which makes the slug from the title) both check it through the model field."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of another page; choose another one."),
            code="reserved_slug",
            params={"slug": slug},
        )


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100, default="Шымкент")
    map_url = models.URLField(_("map link"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.address}"


class EventKind(models.TextChoices):
    YOUTH_SESSION = "youth_session", _("Information session for youth")
    BUDGET_SEMINAR = "budget_seminar", _("Seminar on the local budget")
    CONFERENCE = "conference", _("Conference")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    FINISHED = "finished", _("Finished")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def visible_to(self, user):
        """Everyone sees published and finished events; organisers see every one."""
        if user.has_perm("events.change_event"):
            return self
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.FINISHED])


# The door of an event opens at most 30 days before its start (a bound, not a habit: two hours is usual).
CHECKIN_OPENS_MAX_MINUTES = 30 * 24 * 60


class Event(models.Model):
    slug = models.SlugField(
        _("public address"),
        max_length=80,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Latin letters, digits and hyphens; used in the event's link."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=250)
    title_ru = models.CharField(_("title (Russian)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start_at = models.DateTimeField(_("starts at"))
    end_at = models.DateTimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="events", null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    # The door accepts check-ins from this many minutes before the start until the end.
    checkin_opens_minutes_before = models.PositiveIntegerField(
        _("check-in opens (minutes before the start)"),
        default=120,
        validators=[MaxValueValidator(CHECKIN_OPENS_MAX_MINUTES)],
        help_text=_("The door accepts check-ins from this long before the start until the event ends."),
    )
    status = models.CharField(_("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Branding of badges and certificates; without a logo they carry the BasQaru wordmark.
    logo = models.ImageField(
        _("logo"),
        blank=True,
        upload_to=RandomName("events/logos", "logo"),
        validators=[validate_image],
        help_text=_("PNG or JPEG, printed on badges and certificates."),
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default=DEFAULT_PRIMARY_COLOUR, validators=[validate_hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default=DEFAULT_ACCENT_COLOUR, validators=[validate_hex_colour]
    )

    # The bulk jobs (badges, certificates, lists) made for this event; deleted with it.
    jobs = GenericRelation(
        "core.Job", content_type_field="subject_type", object_id_field="subject_id", related_query_name="event"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=F("start_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_not_negative",
                violation_error_message=_("Capacity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(checkin_opens_minutes_before__lte=CHECKIN_OPENS_MAX_MINUTES),
                name="event_checkin_opens_within_30_days",
                violation_error_message=_("Check-in can open at most 30 days before the start."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True) | Q(registration_closes_at__lte=F("end_at")),
                name="event_registration_closes_by_end",
                violation_error_message=_("Registration cannot close after the event ends."),
            ),
        ]
        indexes = [models.Index(fields=["status", "start_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return pick_translation(self, "title")

    @property
    def description(self) -> str:
        return pick_translation(self, "description")

    def registration_window(self) -> tuple:
        """When registration is open: from `registration_opens_at` (or creation) until
        `registration_closes_at` (or the event's start)."""
        return (self.registration_opens_at, self.registration_closes_at or self.start_at)

    def is_registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        opens, closes = self.registration_window()
        return self.status == EventStatus.PUBLISHED and (opens is None or opens <= now) and now < closes


class SpeakerApproval(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved by the grantor")
    REJECTED = "rejected", _("Not approved")


class Speaker(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    photo = models.ImageField(
        _("photo"), blank=True, upload_to=RandomName("speakers/photos", "photo"), validators=[validate_image]
    )
    bio_kk = models.TextField(_("biography (Kazakh)"), blank=True)
    bio_ru = models.TextField(_("biography (Russian)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    cv = models.FileField(
        _("CV"),
        blank=True,
        storage=private_storage,
        upload_to=RandomName("speakers/cv", "cv"),
        validators=[validate_document],
    )
    diploma = models.FileField(
        _("diploma"),
        blank=True,
        storage=private_storage,
        upload_to=RandomName("speakers/diplomas", "diploma"),
        validators=[validate_document],
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    approval = models.CharField(
        _("grantor's approval"), max_length=10, choices=SpeakerApproval.choices, default=SpeakerApproval.PENDING
    )
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["full_name", "pk"]
        permissions = [("view_speaker_private", _("Can see speakers' contacts, CVs and diplomas"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(approval="approved") | Q(approved_on__isnull=False),
                name="speaker_approval_has_date",
                violation_error_message=_("An approved speaker needs the date of approval."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_approved(self) -> bool:
        return self.approval == SpeakerApproval.APPROVED

    @property
    def bio(self) -> str:
        return pick_translation(self, "bio")


class Talk(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="talks")
    speaker = models.ForeignKey(Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="talks")
    title_kk = models.CharField(_("title (Kazakh)"), max_length=250)
    title_ru = models.CharField(_("title (Russian)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    abstract_kk = models.TextField(_("abstract (Kazakh)"), blank=True)
    abstract_ru = models.TextField(_("abstract (Russian)"), blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    slides = models.FileField(
        _("slides (PDF)"), blank=True, upload_to=RandomName("talks/slides", "slides"), validators=[validate_pdf]
    )

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick_translation(self, "title")

    @property
    def abstract(self) -> str:
        return pick_translation(self, "abstract")


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=250)
    title_ru = models.CharField(_("title (Russian)"), max_length=250, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    talk = models.ForeignKey(
        Talk, verbose_name=_("talk"), on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    speakers = models.ManyToManyField(Speaker, verbose_name=_("speakers"), blank=True, related_name="agenda_items")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="agenda_item_ends_after_start",
                violation_error_message=_("An agenda item must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick_translation(self, "title")
