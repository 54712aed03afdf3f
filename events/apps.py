from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        roles.grant(
            roles.ORGANISER,
            [*roles.crud("events", "venue", "event", "speaker", "talk", "agendaitem"), "events.view_speaker_private"],
        )
        roles.grant(roles.VOLUNTEER, ["events.view_event"])
        roles.grant(roles.GRANTOR, roles.view("events", "venue", "event", "speaker", "talk", "agendaitem"))
