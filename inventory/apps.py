from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
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
