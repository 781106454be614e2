"""Building what a tablet sends, and reading back what the server wrote, for the pos_sync tests."""

import datetime
import uuid

from django.utils import timezone

from carts.models import PosRefund, PosRefundLine, PosSale, Shift
from carts.services import RefundDraft, RefundLineDraft, SaleDraft, SaleLineDraft
from inventory.models import Movement, StockLevel
from orders.models import LedgerOutbox, Order, OrderLine, OrderRefund, OrderRefundLine

DEVICE = "tablet-7f3a"
WRITTEN = (
    Order,
    OrderLine,
    PosSale,
    PosRefund,
    PosRefundLine,
    OrderRefund,
    OrderRefundLine,
    LedgerOutbox,
    Movement,
    StockLevel,
    Shift,
)


def client_uuid(n: int, kind: str = "sale") -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"gongfang-test-{kind}-{n}"))


def line(variant, quantity=1, unit_price_fen=None, discount_fen=0, discount_reason=""):
    return SaleLineDraft(
        sku=variant.sku,
        quantity=quantity,
        unit_price_fen=variant.price_fen if unit_price_fen is None else unit_price_fen,
        discount_fen=discount_fen,
        discount_reason=discount_reason,
    )


def sale(
    n, shift, *lines, method="cash", amount_fen=None, tendered_fen=None, at=None, uuid=None, receipt=None
):
    total = sum(item.unit_price_fen * item.quantity - (item.discount_fen or 0) for item in lines)
    return SaleDraft(
        client_uuid=uuid or client_uuid(n),
        shift_id=shift.pk if isinstance(shift, Shift) else shift,
        device_time=at or timezone.now() - datetime.timedelta(minutes=5),
        receipt_number=receipt or f"CHAKA-7F3A-{n:06d}",
        lines=list(lines),
        payment_method=method,
        amount_fen=total if amount_fen is None else amount_fen,
        tendered_fen=tendered_fen,
    )


def refund(n, sale_n, shift, reason="顾客不要了", at=None, lines=None):
    """lines: (SKU, pieces) pairs given back; None: the whole sale."""
    return RefundDraft(
        client_uuid=client_uuid(n, "refund"),
        sale_uuid=client_uuid(sale_n),
        shift_id=shift.pk,
        device_time=at or timezone.now() - datetime.timedelta(minutes=1),
        reason=reason,
        lines=None if lines is None else [RefundLineDraft(sku=sku, quantity=pieces) for sku, pieces in lines],
    )


def on_hand(variant, location) -> int:
    level = StockLevel.objects.filter(variant=variant, location=location).first()
    return level.quantity if level else 0


def snapshot() -> dict:
    """Row counts of everything a sync writes, and every stock quantity: equal = nothing written."""
    return {
        "rows": {model.__name__: model.objects.count() for model in WRITTEN},
        "refunded": sorted(OrderLine.objects.values_list("pk", "refunded_quantity", "refunded_fen")),
        "orders": sorted(Order.objects.values_list("pk", "status")),
        "levels": sorted(StockLevel.objects.values_list("variant_id", "location_id", "quantity")),
    }


def statuses(results) -> list[tuple]:
    return [(result.status, result.flags, result.reason) for result in results]
