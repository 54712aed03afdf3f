"""Kits: what each role receives at an event's door."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import Event

from ..models import ItemType, Kit, KitItem


@transaction.atomic
def set_kit(*, event: Event, role: str, quantities: dict[ItemType, int]) -> Kit:
    """Make the kit of `role` at `event` exactly `quantities` (0 leaves an item out).
    Raises DomainError `bad_quantity` for a negative quantity."""
    for quantity in quantities.values():
        if not isinstance(quantity, int) or quantity < 0:
            raise DomainError(_("The quantity must be a whole number greater than zero."), code="bad_quantity")
    kit, _created = Kit.objects.select_for_update().get_or_create(event=event, role=role)
    kit.items.all().delete()
    KitItem.objects.bulk_create(
        [KitItem(kit=kit, item=item, quantity=quantity) for item, quantity in quantities.items() if quantity > 0]
    )
    return kit
