"""Inventory rules. Every write to the ledger, the balances and the acts happens here.

- `ledger`: the one choke point for stock movements (`post`) and the organiser's direct
  movements (receipts, transfers, returns, write-offs).
- `handouts`: kits given at the door, at most once per attendee.
- `acts`: transfer acts (draft, sign, counter-act, discard).
- `kits`: what each role receives at an event.
- `signatures`: the signature pad's PNGs.

Callers use the package: `from inventory import services; services.hand_out_kit(...)`.
"""

from .acts import Party, act_content, content_hash, counter_act, create_act, discard_draft, sign_act
from .handouts import HandoutResult, HandoutStatus, desk_for, hand_out_kit
from .kits import set_kit
from .ledger import MovementSpec, receive_stock, return_stock, transfer_stock, write_off
from .signatures import decode_signature, validate_signature

__all__ = [
    "HandoutResult",
    "HandoutStatus",
    "MovementSpec",
    "Party",
    "act_content",
    "content_hash",
    "counter_act",
    "create_act",
    "decode_signature",
    "desk_for",
    "discard_draft",
    "hand_out_kit",
    "receive_stock",
    "return_stock",
    "set_kit",
    "sign_act",
    "transfer_stock",
    "validate_signature",
    "write_off",
]
