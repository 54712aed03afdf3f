"""Edge validation for the organiser pages.

The model's constraints reach these forms through ModelForm's `full_clean` (each
CheckConstraint's violation_error_message becomes a non-field error, uniqueness a field
error), so the forms add only what the database cannot state: an agenda item inside its
event's times, an event not moved away from its agenda, an approval with a date that is
not in the future.
"""

from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.uploads import LimitedImageField

from .models import (
    DEFAULT_ACCENT_COLOUR,
    DEFAULT_PRIMARY_COLOUR,
    AgendaItem,
    Event,
    Speaker,
    SpeakerApproval,
    Talk,
    Venue,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PrivateFileLink:
    """Stands in for a private FieldFile in the widget: its link goes through the
    organisers-only download view, because private files have no media URL."""

    def __init__(self, file):
        self.url = reverse("manage:speaker_file", args=[file.instance.pk, file.field.name])
        self._label = file.field.verbose_name

    def __str__(self) -> str:
        return str(self._label)


class PrivateFileLinkMixin:
    """For file inputs of private FileFields: link the current file through
    manage:speaker_file instead of the storage's (non-existent) public URL."""

    def is_initial(self, value):
        # The stock check reads value.url, which a private file refuses to have.
        return bool(value and getattr(value, "name", None))

    def format_value(self, value):
        if self.is_initial(value) and getattr(value, "instance", None) is not None and value.instance.pk:
            return _PrivateFileLink(value)
        return None


class PrivateFileInput(PrivateFileLinkMixin, forms.ClearableFileInput):
    pass


class HttpsURLField(forms.URLField):
    """A link typed without a scheme means https, as Django 6 will assume."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "address", "city", "map_url", "notes"]
        field_classes = {"map_url": HttpsURLField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class LogoField(LimitedImageField):
    """The event's logo, refused above 16 megapixels before it is decoded. It prints some 30 mm
    wide on a badge and 55 mm on a certificate, where 4000 × 4000 pixels is far beyond what any
    printer uses, and every badge job decodes it once (64 MB as RGBA, not a gigabyte)."""

    max_pixels = 16_000_000


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "title_kk",
            "title_ru",
            "title_en",
            "description_kk",
            "description_ru",
            "description_en",
            "start_at",
            "end_at",
            "venue",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "checkin_opens_minutes_before",
            "logo",
            "primary_colour",
            "accent_colour",
        ]
        field_classes = {"logo": LogoField}
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "start_at": datetime_input(),
            "end_at": datetime_input(),
            "registration_opens_at": datetime_input(),
            "registration_closes_at": datetime_input(),
            "description_kk": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty colour means the default one, so the form also works without the colour inputs.
        self.fields["primary_colour"].required = False
        self.fields["accent_colour"].required = False

    def clean_primary_colour(self):
        return self.cleaned_data.get("primary_colour") or DEFAULT_PRIMARY_COLOUR

    def clean_accent_colour(self):
        return self.cleaned_data.get("accent_colour") or DEFAULT_ACCENT_COLOUR

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_at"), cleaned.get("end_at")
        # Moving an existing event must not strand parts of its agenda outside it.
        if self.instance.pk and start and end and end > start:
            outside = self.instance.agenda_items.exclude(starts_at__gte=start, ends_at__lte=end).count()
            if outside:
                raise forms.ValidationError(
                    ngettext(
                        "%(count)d agenda item would fall outside the new times; move it first.",
                        "%(count)d agenda items would fall outside the new times; move them first.",
                        outside,
                    ),
                    code="agenda_outside_event",
                    params={"count": outside},
                )
        return cleaned


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = [
            "full_name",
            "position",
            "organisation",
            "photo",
            "bio_kk",
            "bio_ru",
            "bio_en",
            "cv",
            "diploma",
            "email",
            "phone",
            "approval",
            "approved_on",
        ]
        widgets = {
            "cv": PrivateFileInput(),
            "diploma": PrivateFileInput(),
            "approved_on": date_input(),
            "bio_kk": forms.Textarea(attrs={"rows": 4}),
            "bio_ru": forms.Textarea(attrs={"rows": 4}),
            "bio_en": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def clean_approved_on(self):
        approved_on = self.cleaned_data.get("approved_on")
        if approved_on and approved_on > timezone.localdate():
            raise forms.ValidationError(_("The approval date cannot be in the future."), code="approval_in_future")
        return approved_on

    def clean(self):
        cleaned = super().clean()
        # The database constraint would report this as a form-wide error; on the date
        # field it says where to act. Adding it here also excludes approved_on from the
        # constraint check, so the message appears once.
        if (
            cleaned.get("approval") == SpeakerApproval.APPROVED
            and not cleaned.get("approved_on")
            and "approved_on" not in self.errors
        ):
            self.add_error(
                "approved_on",
                forms.ValidationError(
                    _("An approved speaker needs the date of approval."), code="approval_without_date"
                ),
            )
        return cleaned


class ApproveSpeakerForm(forms.Form):
    on = forms.DateField(label=_("Approval date"), widget=date_input())


class TalkForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = ["title_kk", "title_ru", "title_en", "speaker", "abstract_kk", "abstract_ru", "abstract_en", "slides"]
        widgets = {
            "abstract_kk": forms.Textarea(attrs={"rows": 4}),
            "abstract_ru": forms.Textarea(attrs={"rows": 4}),
            "abstract_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "ends_at", "title_kk", "title_ru", "title_en", "talk", "speakers"]
        widgets = {
            "starts_at": datetime_input(),
            "ends_at": datetime_input(),
            "speakers": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        self.fields["talk"].queryset = event.talks.select_related("speaker")
        self.fields["speakers"].queryset = Speaker.objects.all()
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("starts_at", event.start_at)
            self.initial.setdefault("ends_at", min(event.start_at + timedelta(hours=1), event.end_at))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and starts < self.event.start_at:
            self.add_error(
                "starts_at",
                forms.ValidationError(
                    _("The item cannot start before the event starts (%(time)s)."),
                    code="agenda_before_event",
                    params={"time": _local(self.event.start_at)},
                ),
            )
        if ends and ends > self.event.end_at:
            self.add_error(
                "ends_at",
                forms.ValidationError(
                    _("The item cannot end after the event ends (%(time)s)."),
                    code="agenda_after_event",
                    params={"time": _local(self.event.end_at)},
                ),
            )
        return cleaned


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
