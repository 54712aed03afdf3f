from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles


class MediaLogConfig(AppConfig):
    name = "media_log"
    verbose_name = _("Media and evidence")

    def ready(self):
        roles.grant(
            roles.ORGANISER,
            [*roles.crud("media_log", "mediaitem"), "media_log.view_feedback", "media_log.view_private_evidence"],
        )
        # Evidence only: feedback comments are personal; the grantor sees their counts in reports.
        roles.grant(roles.GRANTOR, ["media_log.view_mediaitem"])
