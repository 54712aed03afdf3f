"""Edge validation for the organiser's inventory pages; the rules themselves are in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registration.models import Role

from .models import ActKind, ActLanguage, Holder, HolderKind, ItemType


class ItemTypeForm(forms.ModelForm):
    class Meta:
        model = ItemType
        fields = ["name_kk", "name_ru", "name_en", "unit", "photo"]


class HolderForm(forms.ModelForm):
    """A stock location: where units are kept (a warehouse, an event's handout desk, a person)."""

    class Meta:
        model = Holder
        fields = ["kind", "name", "event", "position", "organisation"]
        help_texts = {
            "kind": _("A warehouse, an event's handout desk, or a person who keeps items (a coordinator)."),
            "event": _("Only for an event's handout desk."),
            "position": _("For a person."),
        }

    def clean(self):
        data = super().clean()
        kind, event = data.get("kind"), data.get("event")
        if kind == HolderKind.DESK and event is None:
            self.add_error("event", _("Choose the event of this handout desk."))
        if kind != HolderKind.DESK and event is not None:
            self.add_error("event", _("Only a handout desk belongs to an event."))
        return data


def _holders():
    return Holder.objects.select_related("event").order_by("kind", "name")


class QuantityField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 1_000_000)
        kwargs.setdefault("label", _("Quantity"))
        super().__init__(**kwargs)


class ReceiveForm(forms.Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("inventory", "Item"), queryset=ItemType.objects.all())
    to_holder = forms.ModelChoiceField(label=_("Received into"), queryset=_holders())
    quantity = QuantityField()
    supplier = forms.CharField(label=_("Supplier"), max_length=250)
    note = forms.CharField(label=_("Note (invoice, contract)"), max_length=300, required=False)


class TransferForm(forms.Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("inventory", "Item"), queryset=ItemType.objects.all())
    from_holder = forms.ModelChoiceField(label=_("From"), queryset=_holders())
    to_holder = forms.ModelChoiceField(label=_("To"), queryset=_holders())
    quantity = QuantityField()


class ReturnForm(forms.Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("inventory", "Item"), queryset=ItemType.objects.all())
    to_holder = forms.ModelChoiceField(label=_("Returned to"), queryset=_holders())
    quantity = QuantityField()
    reason = forms.CharField(label=_("Who returned it and why"), max_length=300)


class WriteOffForm(forms.Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("inventory", "Item"), queryset=ItemType.objects.all())
    from_holder = forms.ModelChoiceField(label=_("Written off at"), queryset=_holders())
    quantity = QuantityField()
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ActForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of act"), choices=ActKind.choices)
    date = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    from_holder = forms.ModelChoiceField(
        label=_("Stock location that gives"),
        queryset=_holders(),
        required=False,
        help_text=_("Empty when the giver is outside the project (a supplier)."),
    )
    to_holder = forms.ModelChoiceField(
        label=_("Stock location that receives"),
        queryset=_holders(),
        required=False,
        help_text=_("Empty when the receiver is outside the project (a school)."),
    )
    giver_name = forms.CharField(label=_("Giver's full name"), max_length=200)
    giver_position = forms.CharField(label=_("Giver's position"), max_length=200, required=False)
    giver_organisation = forms.CharField(label=_("Giver's organisation"), max_length=250, required=False)
    receiver_name = forms.CharField(label=_("Receiver's full name"), max_length=200)
    receiver_position = forms.CharField(label=_("Receiver's position"), max_length=200, required=False)
    receiver_organisation = forms.CharField(label=_("Receiver's organisation"), max_length=250, required=False)
    basis = forms.CharField(label=_("Basis (contract number)"), max_length=250, required=False)
    language = forms.ChoiceField(
        label=_("Language of the act"), choices=ActLanguage.choices, initial=ActLanguage.KAZAKH
    )


class ActLineForm(forms.Form):
    item = forms.ModelChoiceField(
        label=pgettext_lazy("inventory", "Item"), queryset=ItemType.objects.all(), required=False
    )
    quantity = QuantityField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("Enter the quantity."))
        if data.get("quantity") and not data.get("item") and "item" not in self.errors:
            self.add_error("item", _("Choose the item."))
        return data


ActLineFormSet = forms.formset_factory(ActLineForm, extra=6, max_num=50, validate_max=True)


class SignForm(forms.Form):
    # The draft's fingerprint as the page showed it (`draft_fingerprint`): the service refuses
    # to sign a draft changed since. A page without it was opened before the fingerprint existed.
    fingerprint = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={
            "required": _("This page is out of date; open the act again, check it and sign."),
            "max_length": _("This page is out of date; open the act again, check it and sign."),
        },
    )
    # PNG data URLs from the signature pads; the service decodes and checks them.
    giver_signature = forms.CharField(
        widget=forms.HiddenInput, max_length=800_000, error_messages={"required": _("The giver has not signed.")}
    )
    receiver_signature = forms.CharField(
        widget=forms.HiddenInput, max_length=800_000, error_messages={"required": _("The receiver has not signed.")}
    )


class KitForm(forms.Form):
    """One quantity per item type for the kit of `role` (0 leaves the item out)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.IntegerField(
                label=item.name, min_value=0, max_value=100, initial=0, required=False
            )

    def quantities(self) -> dict:
        return {item: self.cleaned_data.get(f"item_{item.pk}") or 0 for item in self.items}
