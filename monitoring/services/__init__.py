"""Writes of the monitoring app: loading the grant's plan, and what organisers enter on the
monitoring pages (values by hand, evidence and acts filed under an indicator, the item types
of a grant item).

Callers use the package: `from monitoring import services; services.record_manual_value(...)`.
"""

from .entries import (
    check_manual_value,
    file_act,
    file_evidence,
    link_item_types,
    record_manual_value,
    unfile_act,
    unfile_evidence,
)
from .plan import LoadResult, load_grant_plan

__all__ = [
    "LoadResult",
    "check_manual_value",
    "file_act",
    "file_evidence",
    "link_item_types",
    "load_grant_plan",
    "record_manual_value",
    "unfile_act",
    "unfile_evidence",
]
