from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from events.demo import register_demo_step

        from .demo import load_demo_inventory

        # After the monitoring step, whose warehouse and conference desk it builds on.
        register_demo_step(load_demo_inventory, order=10)

        from registration.roster import add_kit_roles_source

        from .services.handouts import kit_roles

        # The door's roster names the roles that get a kit here (registration cannot import inventory).
        add_kit_roles_source(kit_roles)
        models = ("itemtype", "holder", "kit", "kititem", "transferact", "actline")
        roles.grant(
            roles.ORGANISER,
            [
                *roles.crud("inventory", *models),
                "inventory.add_movement",
                "inventory.view_movement",
                "inventory.hand_out_kit",
                "inventory.view_stockbalance",
                "inventory.sign_transferact",
            ],
        )
        roles.grant(
            roles.VOLUNTEER, ["inventory.hand_out_kit", *roles.view("inventory", "kit", "kititem", "stockbalance")]
        )
        roles.grant(
            roles.GRANTOR,
            roles.view(
                "inventory",
                "itemtype",
                "holder",
                "movement",
                "stockbalance",
                "transferact",
                "actline",
                "kit",
                "kititem",
            ),
        )
