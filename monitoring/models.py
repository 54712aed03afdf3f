"""The grant's monitoring plan as data: tasks, activities and indicators with their targets,
and the values organisers enter by hand for indicators no other module can count.

Indicator titles are the grantor's wording (Kazakh first) and therefore data, not msgids.
How an actual is computed is `Indicator.source` (+ `source_param`); see monitoring.selectors.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.i18n import pick_translation
from core.uploads import RandomName, private_storage
from events.models import Event, EventKind


class GrantPlan(models.Model):
    name = models.CharField(_("name"), max_length=300)
    grantee = models.CharField(_("grantee"), max_length=300)
    grantor = models.CharField(_("grantor"), max_length=300)
    agreement = models.CharField(_("grant agreement"), max_length=200, blank=True)
    starts_on = models.DateField(_("period starts on"))
    ends_on = models.DateField(_("period ends on"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grant plan")
        verbose_name_plural = _("grant plans")
        ordering = ["-is_active", "-starts_on", "pk"]
        permissions = [
            ("view_dashboard", _("Can see the monitoring dashboard")),
            ("build_report", _("Can build the grantor's report")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="grant_plan_period_ordered",
                violation_error_message=_("The period must end on or after its start."),
            ),
        ]

    def __str__(self):
        return self.name


class Task(models.Model):
    plan = models.ForeignKey(GrantPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("number"), max_length=10)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_task_number_per_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return pick_translation(self, "title")


class Activity(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("code"), max_length=10)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["task", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "code"], name="one_activity_code_per_task")]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return pick_translation(self, "title")


class IndicatorUnit(models.TextChoices):
    PEOPLE = "people", _("people")
    ITEMS = "items", _("items")
    POSTS = "posts", _("posts")
    PUBLICATIONS = "publications", _("publications")
    PHOTOS = "photos", _("photos")
    VIDEOS = "videos", _("videos")
    DOCUMENTS = "documents", _("documents")
    EVENTS = "events", _("events")
    ORGANISATIONS = "organisations", _("organisations")


class IndicatorScope(models.TextChoices):
    TOTAL = "total", _("In total")
    PER_EVENT = "per_event", _("At every event")


class IndicatorSource(models.TextChoices):
    CHECKINS = "checkins", _("Check-ins")
    UNIQUE_PEOPLE = "unique_people", _("Unique people checked in")
    APPROVED_SPEAKERS = "approved_speakers", _("Approved speakers")
    TALKS = "talks", _("Talks")
    ITEMS_HANDED_OUT = "items_handed_out", _("Items handed out")
    EVIDENCE = "evidence", _("Evidence in the media log")
    FEEDBACK = "feedback", _("Feedback")
    EVENTS_HELD = "events_held", _("Events held")
    MANUAL = "manual", _("Entered by hand")


class IndicatorStatus(models.TextChoices):
    """Computed, never stored: see monitoring.selectors.indicator_rows."""

    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")


# Sources whose `source_param` names what to count (an evidence kind, an inventory item).
PARAM_SOURCES = (IndicatorSource.EVIDENCE, IndicatorSource.ITEMS_HANDED_OUT)


class Indicator(models.Model):
    plan = models.ForeignKey(GrantPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=IndicatorUnit.choices, default=IndicatorUnit.ITEMS)
    scope = models.CharField(_("scope"), max_length=10, choices=IndicatorScope.choices, default=IndicatorScope.TOTAL)
    event_kind = models.CharField(
        _("events counted"), max_length=20, choices=EventKind.choices, blank=True, help_text=_("Empty: every event.")
    )
    source = models.CharField(
        _("source of the actual"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    source_param = models.CharField(
        _("what to count"),
        max_length=50,
        blank=True,
        help_text=_(
            "An evidence kind (e.g. photo) or an inventory item's name (e.g. medal), matched case-insensitively."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="one_indicator_code_per_plan",
                violation_error_message=_("This plan already has an indicator with this code."),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="indicator_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(source__in=PARAM_SOURCES) | ~Q(source_param=""),
                name="indicator_param_when_needed",
                violation_error_message=_("Say what to count: an evidence kind or an item's name."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return pick_translation(self, "title")


class ManualValue(models.Model):
    """A figure entered by hand. The newest entry per indicator (and event) is the current one."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="manual_values"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence_url = models.URLField(_("link to the evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), blank=True, storage=private_storage, upload_to=RandomName("monitoring/evidence", "evidence")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("value entered by hand")
        verbose_name_plural = _("values entered by hand")
        ordering = ["-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="manual_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"
