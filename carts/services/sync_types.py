"""What pos_sync takes and answers: the drafts a tablet sends, the result for each, the reasons for a
rejection, and the small parsers the sales and refunds share."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from carts.models import PosSale, Shift
from carts.services.shifts import whole
from catalog.models import Variant
from core.validation import max_length
from orders.services.recording import OrderLineDraft

RECEIPT_MAX = 40
DISCOUNT_REASON_MAX = 200
SKU_MAX = max_length(Variant, "sku")
ORDER_PREFIX = "C-"
Flag = PosSale.Flag
FLAG_ORDER = (
    Flag.PRICE_MISMATCH,
    Flag.NEGATIVE_STOCK,
    Flag.SHIFT_CLOSED,
    Flag.DEVICE_TIME,
    Flag.QUANTITY_OVER_STOCK,
    Flag.DISCOUNT_OVER_POLICY,
    Flag.DISCOUNT_WITHOUT_REASON,
    Flag.OLD_SALE,
    Flag.PAYMENT_UNVERIFIED,
)


class SyncStatus(StrEnum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    RECORDED_WITH_FLAGS = "recorded_with_flags"
    REJECTED = "rejected"


class Reason:
    """Why a sale or refund is rejected: stable English text the tablet matches on (by its start) and
    translates for the screen; a SKU or the amounts follow in parentheses."""

    MALFORMED_UUID = "malformed client UUID"
    MALFORMED_TEXT = "malformed text"  # a NUL, a lone surrogate, or not text at all; (field) follows
    OTHER_CART_UUID = "client UUID already used at another cart"
    SHIFT = "shift unknown or of another cart"
    DEVICE_TIME = "device time missing"
    RECEIPT = "receipt number missing or too long"
    PAYMENT_METHOD = "unknown payment method"
    NO_LINES = "no lines"
    UNKNOWN_SKU = "unknown SKU"
    QUANTITY = "quantity < 1"
    QUANTITY_RANGE = "quantity out of range"
    UNIT_PRICE = "unit price < 0"
    AMOUNT_RANGE = "amount out of range"  # a price, a line's or the sale's total, tendered or change
    DISCOUNT = "discount out of range"
    DISCOUNT_REASON = "discount reason too long"
    AMOUNT = "amount ≠ total"
    TENDERED = "tendered < amount"
    PROVIDER_REFERENCE = "malformed text (providerReference)"
    # refunds
    MALFORMED_SALE_UUID = "malformed sale UUID"
    SALE_NOT_YET_RECEIVED = "sale not yet received"
    SALE_REJECTED = "sale rejected"
    SALE_OTHER_CART = "sale of another cart"
    ALREADY_REFUNDED = "sale already refunded"
    SKU_NOT_IN_SALE = "SKU not in the sale"  # (sku)
    OVER_REFUND = "more than is left to refund"  # (sku: pieces left)
    REFUND_REASON = "refund reason too long"


# Not frozen: a frozen dataclass's __init__ costs ~4x a plain one's, and a tablet's batch of 200
# sales makes ~1,400 drafts and results. Treat them as read-only all the same.
@dataclass
class SaleLineDraft:
    sku: str
    quantity: int
    unit_price_fen: int  # the price the tablet showed, per piece
    discount_fen: int = 0
    discount_reason: str = ""


@dataclass  # not frozen: see SaleLineDraft
class SaleDraft:
    client_uuid: str
    shift_id: int | None  # the pk of a shift of this cart (the API decodes the global ID)
    device_time: datetime.datetime
    receipt_number: str  # <CART>-<DEVICE4>-<SEQ>
    lines: Sequence[SaleLineDraft]
    payment_method: str  # a PaymentMethod value
    amount_fen: int
    tendered_fen: int | None = None  # cash handed over
    # The provider payment shown as a QR code (carts.services.payment_qr), when there was one.
    provider_reference: str | None = None


@dataclass(frozen=True)
class RefundLineDraft:
    """Pieces of one SKU of the sale given back (spread over the sale's lines of that SKU in order)."""

    sku: str
    quantity: int


@dataclass(frozen=True)
class RefundDraft:
    """Some pieces of a sale refunded at the cart; sale_uuid is the client UUID of the sale. lines
    None: everything of the sale not yet refunded (the whole sale)."""

    client_uuid: str
    sale_uuid: str
    shift_id: int | None  # the shift it happened in (of this cart)
    device_time: datetime.datetime
    reason: str = ""
    lines: Sequence[RefundLineDraft] | None = None


@dataclass  # not frozen: see SaleLineDraft
class SyncResult:
    client_uuid: str
    status: SyncStatus
    flags: tuple[str, ...] = ()
    reason: str | None = None
    order_number: str | None = None
    receipt_number: str | None = None


def rejected(client_uuid, reason: str) -> SyncResult:
    # Echoed as sent, unless it is not valid text (the answer could not carry it).
    return SyncResult(client_uuid=_echo(client_uuid), status=SyncStatus.REJECTED, reason=reason)


def _echo(value) -> str:
    text = value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def answered(client_uuid, flags, order_number: str, receipt_number: str, *, duplicate=False) -> SyncResult:
    flags = tuple(str(flag) for flag in FLAG_ORDER if flag in flags)
    if duplicate:
        status = SyncStatus.DUPLICATE
    else:
        status = SyncStatus.RECORDED_WITH_FLAGS if flags else SyncStatus.RECORDED
    return SyncResult(str(client_uuid), status, flags, None, order_number, receipt_number)


def parse_uuid(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def parse_id(value) -> int | None:
    if whole(value, 1):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def aware(value) -> datetime.datetime | None:
    """A device time in UTC (datetime.UTC); a naive one is read as UTC.

    The API's parser gives dateutil's tzutc/tzoffset, whose Python-level utcoffset() made every
    comparison with the price history and every isoformat() of the batch's rows slower."""
    if not isinstance(value, datetime.datetime):
        return None
    tzinfo = value.tzinfo
    if tzinfo is datetime.UTC:
        return value
    if tzinfo is None or tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=datetime.UTC)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:  # year 1 or 9999 moved past the calendar's end
        return None


@dataclass
class NewSale:
    """A sale that passed its checks, waiting for the batch's orders to be written."""

    client_uuid: str
    uuid: uuid.UUID
    shift: Shift
    device_time: datetime.datetime
    receipt_number: str
    lines: list[OrderLineDraft]
    payment_method: str
    amount_fen: int
    tendered_fen: int | None
    change_fen: int
    flags: list[str] = field(default_factory=list)
    order_id: int | None = None  # taken from the orders' sequence when the sale is claimed
    provider_reference: str = ""  # the provider payment it names, checked by sync_payments
    payment_id: int | None = None  # that payment, once the check held
