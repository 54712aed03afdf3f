"""Kits: what each role receives at an event."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registration.models import Role

from .stock import ItemType


class Kit(models.Model):
    """What each attendee of `event` with `role` receives at the handout desk."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="kits")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT)

    class Meta:
        verbose_name = _("kit")
        verbose_name_plural = _("kits")
        ordering = ["event", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "role"],
                name="one_kit_per_event_and_role",
                violation_error_message=_("This event already has a kit for this role."),
            ),
        ]

    def __str__(self):
        return f"{self.event_id}/{self.role}"


class KitItem(models.Model):
    kit = models.ForeignKey(Kit, verbose_name=_("kit"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(ItemType, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("kit item")
        verbose_name_plural = _("kit items")
        ordering = ["kit", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="kit_item_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
            models.UniqueConstraint(
                fields=["kit", "item"],
                name="one_kit_line_per_item",
                violation_error_message=_("Each item appears once in a kit."),
            ),
        ]

    def __str__(self):
        return f"{self.item_id} × {self.quantity}"
