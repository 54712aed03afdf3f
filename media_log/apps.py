from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLogConfig(AppConfig):
    name = "media_log"
    verbose_name = _("Media and evidence")
