"""Giveaways bought by the grant: item types, holders, an append-only ledger of movements,
balances per item and holder, signed acceptance–transfer acts and kits per event and role.

Every write goes through `inventory.services`; the constraints below are the backstop.
Movements and signed acts are never changed: a correction is a new movement or a counter-act.
"""

from .acts import ActCounter, ActKind, ActLanguage, ActLine, ActStatus, TransferAct
from .kits import Kit, KitItem
from .stock import Holder, HolderKind, ImmutableError, ItemType, Movement, MovementKind, StockBalance, Unit

__all__ = [
    "ActCounter",
    "ActKind",
    "ActLanguage",
    "ActLine",
    "ActStatus",
    "Holder",
    "HolderKind",
    "ImmutableError",
    "ItemType",
    "Kit",
    "KitItem",
    "Movement",
    "MovementKind",
    "StockBalance",
    "TransferAct",
    "Unit",
]
