"""Edge validation of the organisers' evidence forms and the public feedback form.

The per-kind rules (a platform for a post, a street for a banner, file types) live in the
service; these forms only parse the input.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .models import Approval, EvidenceKind, Platform
from .services import COMMENT_MAX

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that accepts several files and cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceKind.choices)
    event = forms.ModelChoiceField(
        label=_("event"),
        queryset=Event.objects.order_by("-start_at", "pk"),
        required=False,
        empty_label=_("The whole project"),
    )
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)
    date = forms.DateField(
        label=_("date"),
        widget=_DATE,
        required=False,
        help_text=_("The day it happened or was published. Photos take it from the camera."),
    )
    file = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_("Photos, banners and designs: JPEG, PNG or WebP. Videos: MP4. Documents: PDF or an image."),
    )
    url = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")
    platform = forms.ChoiceField(
        label=_("platform"),
        choices=[("", "—"), *Platform.choices],
        required=False,
        help_text=_("For social-media posts."),
    )
    reach = forms.IntegerField(label=_("reach"), min_value=0, required=False)
    outlet = forms.CharField(label=_("outlet"), max_length=200, required=False, help_text=_("For press publications."))
    street = forms.CharField(label=_("street"), max_length=200, required=False, help_text=_("For banners."))
    period_start = forms.DateField(label=_("shown from"), widget=_DATE, required=False)
    period_end = forms.DateField(label=_("shown until"), widget=_DATE, required=False)
    approval = forms.ChoiceField(
        label=_("grantor's approval"),
        choices=[("", _("By kind")), *Approval.choices],
        required=False,
        help_text=_(
            "Programmes, speaker lists, designs, scripts, questionnaires, "
            "banners and video clips start as awaiting approval."
        ),
    )
    approved_on = forms.DateField(label=_("approval date"), widget=_DATE, required=False)


class PhotosForm(forms.Form):
    files = MultipleFileField(label=_("photos"), help_text=_("Choose several JPEG, PNG or WebP files at once."))


class ApprovalForm(forms.Form):
    approval = forms.ChoiceField(label=_("grantor's approval"), choices=Approval.choices)
    approved_on = forms.DateField(label=_("approval date"), widget=_DATE, required=False)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, widget=forms.RadioSelect, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=COMMENT_MAX
    )
