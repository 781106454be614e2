"""What a tablet's sale must be to be recorded, and what makes it implausible enough to hold.

Two kinds of rule (docs/pos.md, "Checks" and "Held sales"):
- well-formed: every number fits the database's integers, every text is valid Unicode without NUL
  and within its length. A sale that is not is rejected alone, with a reason; the rest of the batch
  is recorded.
- plausible: the device time within its shift, the quantity within what the cart holds, the price
  within the discount policy. A sale that is not is recorded (it happened) with flags, and its split
  is held until staff approve or void it.

The limits may be set in settings (POS_*); the defaults below are the programme's.
"""

import datetime

from django.conf import settings

from carts.models import PosSale

Flag = PosSale.Flag

# PostgreSQL's integer: what an order's, a line's and a POS sale's amounts and quantities are stored in.
INT_MAX = 2**31 - 1
# No cart sells more pieces of one thing in one sale; a bound that also keeps a cart's stock levels
# (summed over many sales) far from the integer's end.
QUANTITY_MAX = 10_000
TEXT_NUL = "\x00"

HOLDING_FLAGS = frozenset(
    {
        Flag.PRICE_MISMATCH,
        Flag.SHIFT_CLOSED,
        Flag.DEVICE_TIME,
        Flag.QUANTITY_OVER_STOCK,
        Flag.DISCOUNT_OVER_POLICY,
        Flag.DISCOUNT_WITHOUT_REASON,
        Flag.PAYMENT_UNVERIFIED,
    }
)
"""Every flag but negative_stock: a shortfall within the tolerance is the books lagging behind a
restock (the count settles it); beyond it the sale also has quantity_over_stock."""


def device_time_tolerance() -> datetime.timedelta:
    """How far a device's clock may stray outside its shift (and ahead of the server)."""
    return datetime.timedelta(minutes=getattr(settings, "POS_DEVICE_TIME_TOLERANCE_MINUTES", 15))


def stock_tolerance() -> int:
    """Pieces a sale may take beyond what the books say the cart holds before it is held."""
    return int(getattr(settings, "POS_STOCK_TOLERANCE", 2))


def discount_reason_from_bp() -> int:
    """Below the list price by more than this (basis points of the list total) needs a reason."""
    return int(getattr(settings, "POS_DISCOUNT_REASON_FROM_BP", 1000))


def discount_max_bp() -> int:
    """Below the list price by more than this is held, with or without a reason."""
    return int(getattr(settings, "POS_DISCOUNT_MAX_BP", 3000))


def refund_review_after() -> datetime.timedelta:
    """A refund of a sale older than this (POS_REFUND_REVIEW_AFTER_DAYS, 30) is held for staff review."""
    return datetime.timedelta(days=int(getattr(settings, "POS_REFUND_REVIEW_AFTER_DAYS", 30)))


def clean_text(value, max_length: int) -> str | None:
    """The text stripped, or None when it is not a string, holds a NUL or a lone surrogate (not
    valid Unicode: PostgreSQL and the JSON answer cannot carry it), or is too long."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > max_length or TEXT_NUL in value:
        return None
    if not value.isascii():  # ASCII (receipt numbers, SKUs) is valid as it is
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return None
    return value


class Policy:
    """The limits of one batch, read from the settings once (a batch checks 200 sales)."""

    __slots__ = ("tolerance", "reason_from_bp", "max_bp", "received_at", "closing")

    def __init__(self, *, received_at, closing=frozenset()):
        self.tolerance = device_time_tolerance()
        self.reason_from_bp = discount_reason_from_bp()
        self.max_bp = discount_max_bp()
        self.received_at = received_at
        # Shifts the tablet closed in this same batch: their sales were made before the close.
        self.closing = frozenset(closing)

    def closed_before(self, shift) -> bool:
        """The shift was closed before this batch came (a sale on it came after the close)."""
        return shift.status == "closed" and shift.pk not in self.closing

    def device_time_outside(self, device_time, *, opened_at, closed_at) -> bool:
        """The device's time is outside its shift (opened to closed, or to now), with the tolerance."""
        received_at = self.received_at
        latest = (
            closed_at if closed_at is not None and closed_at < received_at else received_at
        ) + self.tolerance
        return device_time < opened_at - self.tolerance or device_time > latest

    def discount_flags(self, lines) -> list[Flag]:
        """Flags of the discount policy: how far each line's total is below its list total."""
        flags = []
        for line in lines:
            list_total = line.list_price_fen * line.quantity
            below = list_total - (line.unit_price_fen * line.quantity - line.discount_fen)
            if below <= 0 or list_total <= 0:
                continue
            below_bp = below * 10_000 // list_total
            if below_bp > self.max_bp:
                flags.append(Flag.DISCOUNT_OVER_POLICY)
            elif below_bp > self.reason_from_bp and not line.discount_reason:
                flags.append(Flag.DISCOUNT_WITHOUT_REASON)
        return flags


def holds(flags) -> list[str]:
    """The flags that hold a sale's split (empty: it is payable after the holding period)."""
    return [flag for flag in flags if flag in HOLDING_FLAGS]
