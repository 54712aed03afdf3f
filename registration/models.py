import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold
from events.models import Event


def new_ticket_code() -> str:
    """24 URL-safe characters from 18 random bytes: 144 bits, never guessable or sequential."""
    return secrets.token_urlsafe(18)


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    VOLUNTEER = "volunteer", _("Volunteer")
    PRESS = "press", _("Press")
    GUEST = "guest", _("Guest")
    ORGANISER = "organiser", _("Organiser")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class District(models.TextChoices):
    ABAY = "abay", _("Abay district")
    AL_FARABI = "al_farabi", _("Al-Farabi district")
    ENBEKSHI = "enbekshi", _("Enbekshi district")
    KARATAU = "karatau", _("Karatau district")
    TURAN = "turan", _("Turan district")
    OUTSIDE = "outside", _("Outside Shymkent")


class Source(models.TextChoices):
    ONLINE = "online", _("Online form")
    WALK_IN = "walk_in", _("Walk-in at the door")
    IMPORT = "import", _("Imported list")
    ORGANISER = "organiser", _("Added by an organiser")


class FoldedNameField(models.CharField):
    """The folded copy of `full_name` that search compares (`core.text.fold`), computed on every
    insert and on every save of the name, bulk_create included, so no writer can forget it."""

    def pre_save(self, model_instance, add):
        value = fold(model_instance.full_name)[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value


class CheckInQuerySet(models.QuerySet):
    def active(self):
        """Check-ins that stand: not undone. The one definition of an active check-in."""
        return self.filter(undone_at__isnull=True)


class RegistrationQuerySet(models.QuerySet):
    def attended(self):
        """Registrations of people who came: confirmed, with an active check-in.

        The one definition of "this person attended", used by certificates, kits, feedback,
        the ticket page and the grant's counts.
        """
        return self.filter(status=RegistrationStatus.CONFIRMED).filter(
            Exists(CheckIn.objects.active().filter(registration=OuterRef("pk")))
        )


class Registration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField(_("ticket code"), max_length=32, unique=True, default=new_ticket_code, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    # Folded copy of full_name (case and Kazakh letters, core.text.fold): SQLite's LIKE folds only
    # ASCII, names here are Cyrillic, and a Russian keyboard has no ә, і, ң, ғ, ү, ұ, қ, ө, һ.
    name_search = FoldedNameField(max_length=200, editable=False, db_index=True, default="")
    phone = models.CharField(
        _("mobile phone"),
        max_length=16,
        blank=True,
        help_text=_("Stored in international format (E.164), e.g. +77011234567."),
    )
    email = models.EmailField(_("email"), blank=True)
    organisation = models.CharField(_("organisation or school"), max_length=250, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    district = models.CharField(_("district"), max_length=12, choices=District.choices, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.ONLINE)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="kk")
    consent_text = models.TextField(_("consent text"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Empty when the participant cancelled from their ticket page.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    promoted_at = models.DateTimeField(_("promoted from the waitlist at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # When the row last changed: the door's roster sends only what changed since its last copy.
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        permissions = [("view_contacts", _("Can see attendees' phones and emails"))]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(phone="") & ~Q(status="cancelled"),
                name="one_live_registration_per_phone",
                violation_error_message=_("This phone number is already registered for this event."),
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="one_live_registration_per_email",
                violation_error_message=_("This email is already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__gte=6, age__lte=120),
                name="registration_age_plausible",
                violation_error_message=_("Age must be between 6 and 120."),
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^\+[1-9][0-9]{7,14}$"),
                name="registration_phone_normalised",
                violation_error_message=_(
                    "The phone must be stored in international format (E.164), e.g. +77011234567."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source="online") | Q(consent_at__isnull=False),
                name="online_registration_has_consent",
                violation_error_message=_("Online registration requires consent to data processing."),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            # Counting confirmed participants under the event lock reads only this index.
            models.Index(fields=["event", "status", "role"], name="registration_places_idx"),
            models.Index(fields=["event", "updated_at"], name="registration_changes_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.event.slug})"

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            # A partial save still marks the row as changed, and a new name gets its folded copy.
            extra = {"updated_at", "name_search"} if "full_name" in kwargs["update_fields"] else {"updated_at"}
            kwargs["update_fields"] = {*kwargs["update_fields"], *extra}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registration:ticket", kwargs={"code": self.code})


class CheckIn(models.Model):
    """One admission of a registration. Undo keeps the row (with who, when and why) for the audit."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="checkins"
    )
    # The time of the scan: for a scan queued offline, when it was scanned, not when it synced.
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), on_delete=models.PROTECT, related_name="+"
    )
    device = models.CharField(_("device"), max_length=100, blank=True)
    manual = models.BooleanField(_("manual"), default=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.CharField(_("reason for undo"), max_length=300, blank=True)
    # When the row last changed (made, moved to an earlier offline scan, undone): the roster's deltas.
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"], condition=Q(undone_at__isnull=True), name="one_active_checkin_per_registration"
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | ~Q(undo_reason=""),
                name="checkin_undo_has_reason",
                violation_error_message=_("Say why the check-in is undone."),
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.checked_in_at:%Y-%m-%d %H:%M}"


class ScanResult(models.TextChoices):
    OK = "ok", _("Welcome!")
    ALREADY = "already", _("Already checked in")
    WRONG_EVENT = "wrong_event", _("This ticket is for another event")
    CANCELLED = "cancelled", _("This registration was cancelled")
    WAITLISTED = "waitlisted", _("This person is on the waitlist")
    UNKNOWN = "unknown", _("Unknown ticket")
    NOT_OPEN = "not_open", _("Check-in is not open")
    # Never logged: the batch's answer for an item it could not read.
    INVALID = "invalid", _("This scan could not be read")


class ScanLog(models.Model):
    """Every scan at the door, whatever its result."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scans")
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    code = models.CharField(_("scanned code"), max_length=64)
    result = models.CharField(_("result"), max_length=12, choices=ScanResult.choices)
    # When the code was scanned; for a scan queued offline that is before `received_at`.
    scanned_at = models.DateTimeField(_("scanned at"), default=timezone.now, db_index=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    device = models.CharField(_("device"), max_length=100, blank=True)
    offline = models.BooleanField(_("scanned offline"), default=False)
    # The client's reference: the same reference sent again is answered from this row.
    ref = models.CharField(_("client reference"), max_length=64, null=True, blank=True)
    # The check-in the answer named (with `ok` or `already`), so a repeated `ref` gets the same answer.
    checkin_at = models.DateTimeField(_("check-in reported"), null=True, blank=True)
    checkin_device = models.CharField(_("check-in device reported"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scan log")
        ordering = ["-scanned_at", "-pk"]
        constraints = [
            # Partial: the many scans without a reference do not touch the index.
            models.UniqueConstraint(fields=["ref"], condition=Q(ref__isnull=False), name="one_scan_per_client_ref"),
        ]

    def __str__(self):
        return f"{self.code[:8]}… {self.result}"
