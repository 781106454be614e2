"""The refunds of a pos_sync batch: each reverses a whole sale of this cart, once per client UUID.

They come after the batch's sales, so a sale and its refund may travel together. A refund whose sale
the server has not seen yet (batches arrive out of order) is rejected with "sale not yet received":
the tablet keeps it queued and sends it again. Refunds are rare, so each is written on its own.
"""

import uuid
from collections.abc import Sequence
from dataclasses import replace

from django.utils import timezone

from carts.models import Cart, PosRefund, PosSale, Shift
from carts.services.sync_policy import clean_text
from carts.services.sync_types import (
    Flag,
    Reason,
    RefundDraft,
    SyncResult,
    SyncStatus,
    answered,
    aware,
    parse_id,
    parse_uuid,
    rejected,
)
from core.validation import max_length
from orders.models import Order
from orders.services import order_refund_whole

REASON_MAX = max_length(PosRefund, "reason")


def sync_refunds(
    *,
    cart: Cart,
    device_id: str,
    refunds: Sequence[RefundDraft],
    shifts: dict[int, Shift],
    rejected_sales: set[uuid.UUID],
    actor,
    closing: frozenset[int] = frozenset(),
) -> list[SyncResult]:
    """One SyncResult per refund, in the order sent (inside pos_sync's transaction and cart lock)."""
    if not refunds:
        return []
    uuids = [parse_uuid(refund.client_uuid) for refund in refunds]
    sale_uuids = [parse_uuid(refund.sale_uuid) for refund in refunds]
    known = {
        refund.client_uuid: refund
        for refund in PosRefund.objects.filter(client_uuid__in=[u for u in uuids if u]).select_related(
            "sale__order", "sale__shift"
        )
    }
    sales: dict[uuid.UUID | None, PosSale] = {
        sale.client_uuid: sale
        for sale in PosSale.objects.filter(client_uuid__in=[u for u in sale_uuids if u]).select_related(
            "order", "shift"
        )
    }
    refunded = set(PosRefund.objects.filter(sale__in=list(sales.values())).values_list("sale_id", flat=True))

    results: list[SyncResult] = []
    first: dict[uuid.UUID, SyncResult] = {}
    new_refunds = []
    for refund, refund_uuid, sale_uuid in zip(refunds, uuids, sale_uuids, strict=True):
        if refund_uuid is None:
            results.append(rejected(refund.client_uuid, Reason.MALFORMED_UUID))
            continue
        if refund_uuid in known:
            row = known[refund_uuid]
            if row.sale.shift.cart_id != cart.pk:
                results.append(rejected(refund.client_uuid, Reason.OTHER_CART_UUID))
            else:
                order = row.sale.order
                results.append(
                    answered(
                        refund.client_uuid, row.flags, order.number, row.sale.receipt_number, duplicate=True
                    )
                )
            continue
        if refund_uuid in first:
            earlier = first[refund_uuid]
            status = earlier.status if earlier.status == SyncStatus.REJECTED else SyncStatus.DUPLICATE
            results.append(replace(earlier, client_uuid=str(refund.client_uuid), status=status))
            continue
        sale = sales.get(sale_uuid)
        outcome = _check(refund, sale_uuid, sale, cart=cart, shifts=shifts, rejected_sales=rejected_sales)
        if isinstance(outcome, str):
            result = rejected(refund.client_uuid, outcome)
        elif sale is None:  # never: _check refuses a refund of no sale
            raise AssertionError(refund_uuid)
        elif sale.pk in refunded or sale.order.status != Order.Status.PAID:
            result = rejected(refund.client_uuid, Reason.ALREADY_REFUNDED)
        else:
            shift, device_time, reason = outcome
            order_refund_whole(order=sale.order, actor=actor, reason=reason)
            closed = shift.status == Shift.Status.CLOSED and shift.pk not in closing
            flags = [str(Flag.SHIFT_CLOSED)] if closed else []
            new_refunds.append(
                PosRefund(
                    client_uuid=refund_uuid,
                    sale=sale,
                    shift=shift,
                    device_id=device_id,
                    device_time=device_time,
                    reason=reason,
                    amount_fen=sale.amount_fen,
                    payment_method=sale.payment_method,
                    flags=flags,
                    received_at=timezone.now(),
                )
            )
            refunded.add(sale.pk)
            result = answered(refund.client_uuid, flags, sale.order.number, sale.receipt_number)
        first[refund_uuid] = result
        results.append(result)
    PosRefund.objects.bulk_create(new_refunds)
    return results


def _check(refund: RefundDraft, sale_uuid, sale: PosSale | None, *, cart, shifts, rejected_sales):
    """(shift, device time, reason) for a refund that can be recorded, or why it is rejected."""
    if sale_uuid is None:
        return Reason.MALFORMED_SALE_UUID
    if sale is None:
        return Reason.SALE_REJECTED if sale_uuid in rejected_sales else Reason.SALE_NOT_YET_RECEIVED
    if sale.shift.cart_id != cart.pk:
        return Reason.SALE_OTHER_CART
    shift = shifts.get(parse_id(refund.shift_id))
    if shift is None:
        return Reason.SHIFT
    device_time = aware(refund.device_time)
    if device_time is None:
        return Reason.DEVICE_TIME
    reason = clean_text(refund.reason or "", REASON_MAX)
    if reason is None:
        if isinstance(refund.reason, str) and len(refund.reason.strip()) > REASON_MAX:
            return Reason.REFUND_REASON
        return f"{Reason.MALFORMED_TEXT} (reason)"
    return shift, device_time, reason
