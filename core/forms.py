from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full_name = user.get_full_name()
        return f"{user.username} ({full_name})" if full_name else user.username


class TokenForm(forms.Form):
    """A new device token: for whom, on which device, for how long."""

    user = UserChoiceField(
        label=_("User"), queryset=get_user_model().objects.filter(is_active=True).order_by("username")
    )
    device = forms.CharField(label=_("Device"), max_length=100, help_text=_("For example: door-1, Aigul's phone."))
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=0,
        max_value=3650,
        initial=settings.API_TOKEN_DAYS,
        help_text=_("0: the token never expires."),
    )
