from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from events.signals import capacity_changed


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration")

    def ready(self):
        # Receivers import models, which are loaded only once every app is ready.
        from events.demo import register_demo_step

        from .demo import load_demo_registrations
        from .receivers import promote_on_capacity_change

        capacity_changed.connect(promote_on_capacity_change, dispatch_uid="registration.promote_on_capacity_change")
        register_demo_step(load_demo_registrations)

        roles.grant(
            roles.ORGANISER,
            [
                *roles.crud("registration", "registration"),
                "registration.add_checkin",
                "registration.view_checkin",
                "registration.change_checkin",
                "registration.view_scanlog",
                "registration.view_contacts",
            ],
        )
        roles.grant(
            roles.VOLUNTEER, ["registration.add_checkin", "registration.view_checkin", "registration.add_registration"]
        )
