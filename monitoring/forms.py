"""Edge validation of what organisers enter on the monitoring pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_document
from events.models import Event
from inventory.models import ActStatus, ItemType, TransferAct
from media_log.models import Approval, MediaItem

from .models import Indicator
from .readings import indicator_events

CHOICES_SHOWN = 300


class ManualValueForm(forms.Form):
    value = forms.DecimalField(label=_("value"), min_value=0, max_digits=12, decimal_places=2)
    event = forms.ModelChoiceField(
        label=_("event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("The whole project"),
        help_text=_("Leave empty for a figure of the whole project."),
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    evidence_url = forms.URLField(label=_("link to the evidence"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("evidence file"), required=False, validators=[validate_document], help_text=_("PDF, JPEG or PNG.")
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = indicator_events(indicator).order_by("start_at", "pk")


class FileEvidenceForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("evidence to file under this indicator"),
        queryset=MediaItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, indicator: Indicator, filed: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        kinds = indicator.evidence_kinds
        items = MediaItem.objects.exclude(approval=Approval.REJECTED).exclude(pk__in=filed)
        if "*" not in kinds:
            items = items.filter(kind__in=kinds)
        if indicator.approved_only:
            items = items.filter(approval=Approval.APPROVED)
        newest = list(items.order_by("-date", "-pk").values_list("pk", flat=True)[:CHOICES_SHOWN])
        field = self.fields["items"]
        field.queryset = MediaItem.objects.filter(pk__in=newest).select_related("event").order_by("-date", "-pk")
        field.label_from_instance = lambda item: (
            f"{item.date:%d.%m.%Y} · {item.get_kind_display()} · {item.title}"
            + (f" · {item.event.title}" if item.event_id else "")
        )


class FileActForm(forms.Form):
    act = forms.ModelChoiceField(label=_("signed act"), queryset=TransferAct.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["act"]
        field.queryset = TransferAct.objects.filter(status=ActStatus.SIGNED, counter_act_of__isnull=True).order_by(
            "-date", "-pk"
        )
        field.label_from_instance = _act_label


def _act_label(act: TransferAct) -> str:
    parties = " → ".join(part for part in (act.giver_organisation, act.receiver_organisation) if part)
    return f"{act} · {act.date:%d.%m.%Y} · {parties}"


class ItemTypesForm(forms.Form):
    item_types = forms.ModelMultipleChoiceField(
        label=_("item types in the inventory"),
        queryset=ItemType.objects.order_by("name_kk", "pk"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
