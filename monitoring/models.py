"""The grant's monitoring plan as data: tasks, activities and indicators with their targets,
the values organisers enter by hand for indicators no other module can count, and what they
file under an indicator (evidence, a signed act, the item types of a grant item).

Indicator titles are the grantor's wording (Kazakh first) and therefore data, not msgids.
How an actual is computed is `Indicator.source` with `source_param`, `second_param` and
`place`; see monitoring.readings.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.i18n import pick_translation
from core.uploads import RandomName, private_storage, validate_document
from events.models import Event, EventKind
from inventory.models import ItemType, TransferAct
from media_log.models import MediaItem


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


class ActivityTiming(models.TextChoices):
    """When an activity is due, relative to the plan's period (the grant's "Орындалу мерзімі")."""

    WHOLE = "whole", _("The whole period")
    FIRST_MONTH = "first_month", _("The period's first month")
    LAST_MONTH = "last_month", _("The period's last month")


class Activity(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("code"), max_length=10)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    planned_events = models.PositiveSmallIntegerField(
        _("events planned"),
        null=True,
        blank=True,
        help_text=_(
            "How many events the grant plans (10 sessions). An indicator “at every event” is met only when this "
            "many have been held and each reached its target."
        ),
    )
    timing = models.CharField(_("when"), max_length=12, choices=ActivityTiming.choices, default=ActivityTiming.WHOLE)
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
    PHOTOS_VIDEOS = "photos_videos", _("photos / videos")
    ORGS_OR_PEOPLE = "orgs_or_people", _("organisations / people")


class IndicatorScope(models.TextChoices):
    TOTAL = "total", _("In total")
    PER_EVENT = "per_event", _("At every event")


class IndicatorSource(models.TextChoices):
    PARTICIPANTS = "participants", _("Distinct participants")
    APPROVED_SPEAKERS = "approved_speakers", _("Approved speakers")
    TALKS = "talks", _("Talks")
    FEEDBACK = "feedback", _("Feedback")
    EVIDENCE = "evidence", _("Evidence in the media log")
    EVIDENCE_EVENTS = "evidence_events", _("Events with evidence")
    BANNER_STREETS = "banner_streets", _("Streets of the banners")
    REACH = "reach", _("Reach of publications")
    EVENTS_HELD = "events_held", _("Events held")
    GRANTOR_ACTS = "grantor_acts", _("Signed acts with the grantor")
    MANUAL = "manual", _("Entered by hand")


class EvidencePlace(models.TextChoices):
    """Which evidence items an evidence indicator counts."""

    EVENTS = "events", _("At the events of the indicator's kind")
    PROJECT = "project", _("Anywhere in the project")
    UNATTACHED = "unattached", _("Not tied to an event")
    FILED = "filed", _("Filed under this indicator")


class IndicatorStatus(models.TextChoices):
    """Computed, never stored: see monitoring.selectors.indicator_rows."""

    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")


# Sources whose `source_param` names the evidence kinds to count ("photo", "banner|photo", or
# "*" for any kind filed under the indicator).
PARAM_SOURCES = (IndicatorSource.EVIDENCE, IndicatorSource.EVIDENCE_EVENTS, IndicatorSource.REACH)


def split_kinds(param: str) -> tuple[str, ...]:
    """The evidence kinds one figure counts, in the order written: "banner|photo" → ("banner", "photo");
    "*" stands for any kind."""
    return tuple(dict.fromkeys(kind for kind in param.split("|") if kind))


class Indicator(models.Model):
    plan = models.ForeignKey(GrantPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    note_kk = models.TextField(_("reading taken (Kazakh)"), blank=True)
    note_ru = models.TextField(_("reading taken (Russian)"), blank=True)
    note_en = models.TextField(_("reading taken (English)"), blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_second = models.DecimalField(
        _("second target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The videos of a photo/video report (4/1), or the quantity of each item in a signed act (≥300)."),
    )
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
        max_length=80,
        blank=True,
        help_text=_("Evidence kinds, e.g. photo or banner|photo; * for any kind filed under the indicator."),
    )
    second_param = models.CharField(
        _("what the second figure counts"), max_length=80, blank=True, help_text=_("e.g. video for a 4/1 report.")
    )
    place = models.CharField(
        _("which evidence"), max_length=12, choices=EvidencePlace.choices, default=EvidencePlace.PROJECT
    )
    approved_only = models.BooleanField(
        _("only what the grantor approved"), default=False, help_text=_("For “agreed” (келісілген) indicators.")
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
                violation_error_message=_("Say which kinds of evidence to count."),
            ),
            models.CheckConstraint(
                condition=Q(target_second__isnull=True) | Q(target_second__gte=0),
                name="indicator_second_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return pick_translation(self, "title")

    @property
    def note(self) -> str:
        return pick_translation(self, "note")

    @property
    def is_manual(self) -> bool:
        return self.source == IndicatorSource.MANUAL

    @property
    def evidence_kinds(self) -> tuple[str, ...]:
        """The evidence kinds either figure counts ("*": any kind), e.g. ("photo", "video") for a 4/1 report."""
        return tuple(dict.fromkeys(split_kinds(self.source_param) + split_kinds(self.second_param)))

    @property
    def takes_filing(self) -> bool:
        """Whether organisers file evidence under it (and the evidence page offers the form)."""
        return self.source == IndicatorSource.EVIDENCE and self.place == EvidencePlace.FILED


class GrantItem(models.Model):
    """An item the grant names (medal, portfolio, flash drive…) counted in a signed act by item
    type: the inventory's item types that are this item, however they are named."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="grant_items"
    )
    code = models.CharField(_("code"), max_length=30)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    item_types = models.ManyToManyField(ItemType, verbose_name=_("item types in the inventory"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item of the grant")
        verbose_name_plural = _("items of the grant")
        ordering = ["indicator", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="one_grant_item_code_per_indicator")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_translation(self, "name")


class EvidenceFiling(models.Model):
    """An evidence item an organiser filed under an indicator (e.g. a post about the survey)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(MediaItem, verbose_name=_("evidence item"), on_delete=models.CASCADE, related_name="+")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence filed under an indicator")
        verbose_name_plural = _("evidence filed under indicators")
        ordering = ["indicator", "-filed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["indicator", "item"], name="file_evidence_once_per_indicator")]

    def __str__(self):
        return f"{self.indicator_id} ← {self.item_id}"


class ActFiling(models.Model):
    """An acceptance–transfer act an organiser filed under an act indicator as the act with the grantor."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    act = models.ForeignKey(TransferAct, verbose_name=_("act"), on_delete=models.CASCADE, related_name="+")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("act filed under an indicator")
        verbose_name_plural = _("acts filed under indicators")
        ordering = ["indicator", "-filed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["indicator", "act"], name="file_act_once_per_indicator")]

    def __str__(self):
        return f"{self.indicator_id} ← {self.act_id}"


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
        _("evidence file"),
        blank=True,
        storage=private_storage,
        upload_to=RandomName("monitoring/evidence", "evidence_file"),
        validators=[validate_document],
        help_text=_("PDF, JPEG or PNG."),
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
