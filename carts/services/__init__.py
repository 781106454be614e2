"""Every write for sites, carts, operators, shifts and the point of sale. Callers import from here."""

from carts.services.operators import operator_authenticate, operator_create, operator_pin_set
from carts.services.pickups import PickupHandover, pos_pickup_hand_over
from carts.services.places import cart_create, cart_pickup_details_set, site_create
from carts.services.review import pos_refund_review, pos_sale_review
from carts.services.shifts import shift_close, shift_open
from carts.services.shifts_sync import (
    ShiftDraft,
    ShiftReason,
    ShiftSyncResult,
    shift_z_reconcile,
    shifts_sync,
)
from carts.services.sync import pos_sync
from carts.services.sync_rejected import pos_sale_set_aside_record
from carts.services.sync_types import (
    Reason,
    RefundDraft,
    RefundLineDraft,
    SaleDraft,
    SaleLineDraft,
    SyncResult,
    SyncStatus,
)

__all__ = [
    "PickupHandover",
    "Reason",
    "RefundDraft",
    "RefundLineDraft",
    "SaleDraft",
    "SaleLineDraft",
    "ShiftDraft",
    "ShiftReason",
    "ShiftSyncResult",
    "SyncResult",
    "SyncStatus",
    "cart_create",
    "cart_pickup_details_set",
    "operator_authenticate",
    "operator_create",
    "operator_pin_set",
    "pos_pickup_hand_over",
    "pos_refund_review",
    "pos_sale_review",
    "pos_sale_set_aside_record",
    "pos_sync",
    "shift_close",
    "shift_open",
    "shift_z_reconcile",
    "shifts_sync",
    "site_create",
]
