from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .contacts import normalise_email, normalise_full_name, normalise_name, normalise_phone
from .models import District, Registration, Role
from .services import CONSENT_TEXT, Applicant

PHONE_HELP = _("A Kazakhstan number in any usual format; other countries with their code, e.g. +998 90 123 45 67.")


class RegistrationForm(forms.Form):
    """The public sign-up form, made for phones."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, min_length=2, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        help_text=PHONE_HELP,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "placeholder": "+7 701 123 45 67", "inputmode": "tel"}
        ),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(label=_("Organisation or school"), max_length=250, required=False)
    age = forms.IntegerField(
        label=_("Age"),
        min_value=6,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    district = forms.ChoiceField(
        label=_("District of Shymkent"), choices=[("", "—"), *District.choices], required=False
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={"required": _("Please agree to the processing of your personal data.")},
    )
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_full_name(self):
        return normalise_full_name(self.cleaned_data["full_name"])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_organisation(self):
        return normalise_name(self.cleaned_data["organisation"])

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def applicant(self, *, language: str, role: str = Role.PARTICIPANT) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            full_name=data["full_name"],
            phone=data["phone"],
            email=data["email"],
            organisation=data["organisation"],
            age=data["age"],
            district=data["district"],
            role=role,
            language=language,
        )


class AttendeeForm(RegistrationForm):
    """An organiser adds someone by hand: any role, phone optional, no consent box (the
    organiser records the person; `source=organiser` needs no online consent)."""

    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=30,
        required=False,
        help_text=PHONE_HELP,
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+7 701 123 45 67", "inputmode": "tel"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(label=_("Language of the ticket and emails"), choices=settings.LANGUAGES)
    consent = None
    website = None

    field_order = ["full_name", "role", "phone", "email", "organisation", "age", "district", "language"]

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        return normalise_phone(raw) if raw else ""


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendee list (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


class AttendeeEditForm(forms.ModelForm):
    """An organiser corrects a person's details (a misspelt name before the certificates are
    made). The role and the status change only through their own actions (cancel, the waitlist);
    the model's constraints refuse a phone or email already registered for the event."""

    phone = AttendeeForm.base_fields["phone"]
    email = RegistrationForm.base_fields["email"]
    district = RegistrationForm.base_fields["district"]
    language = AttendeeForm.base_fields["language"]

    class Meta:
        model = Registration
        fields = ["full_name", "phone", "email", "organisation", "age", "district", "language"]
        labels = {"full_name": _("Full name"), "organisation": _("Organisation or school"), "age": _("Age")}

    clean_full_name = RegistrationForm.clean_full_name
    clean_email = RegistrationForm.clean_email
    clean_organisation = RegistrationForm.clean_organisation
    clean_phone = AttendeeForm.clean_phone

    def _get_validation_exclusions(self):
        # The form leaves out the event and the status, but the one-live-registration-per-phone
        # (and per-email) constraints read them: keep those constraints checked.
        return super()._get_validation_exclusions() - {"event", "status"}
