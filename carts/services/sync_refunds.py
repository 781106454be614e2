"""The refunds of a pos_sync batch: some pieces of a sale of this cart (or all of it) given back, once
per client UUID.

They come after the batch's sales, so a sale and its refund may travel together. A refund whose sale
the server has not seen yet (batches arrive out of order) is rejected with "sale not yet received":
the tablet keeps it queued and sends it again. A refund names, per SKU, the pieces given back (none:
everything not yet refunded, the whole sale); the tablet's claim is checked against what the sale sold
less what was refunded before, and a refund asking for more is rejected whole, nothing written. The
money and the pieces go back through the order's own refund (orders.services.order_refund): the
amount of each line is its share of what is left of the line (core.money.allocate), the pieces come
back through inventory's return movements, the ledger posts the refund's lines. A refund of a sale
older than POS_REFUND_REVIEW_AFTER_DAYS is recorded and held for staff review (flag `old_sale`).
Refunds are rare, so each is written on its own.
"""

import uuid
from collections.abc import Sequence
from dataclasses import replace

from django.utils import timezone

from carts.models import Cart, PosRefund, PosRefundLine, PosSale, Shift
from carts.services.shifts import whole
from carts.services.sync_policy import QUANTITY_MAX, clean_text, refund_review_after
from carts.services.sync_types import (
    SKU_MAX,
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
from orders.models import Order, OrderLine
from orders.services import order_refund
from orders.services.refunds import REFUNDABLE

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

    results: list[SyncResult] = []
    first: dict[uuid.UUID, SyncResult] = {}
    for refund, refund_uuid, sale_uuid in zip(refunds, uuids, sale_uuids, strict=True):
        if refund_uuid is None:
            results.append(rejected(refund.client_uuid, Reason.MALFORMED_UUID))
            continue
        if refund_uuid in known:
            row = known[refund_uuid]
            if row.sale.shift.cart_id != cart.pk:
                results.append(rejected(refund.client_uuid, Reason.OTHER_CART_UUID))
            else:
                results.append(
                    answered(
                        refund.client_uuid,
                        row.flags,
                        row.sale.order.number,
                        row.sale.receipt_number,
                        duplicate=True,
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
        else:
            shift, device_time, reason = outcome
            result = _record(
                refund,
                refund_uuid,
                sale,
                shift=shift,
                device_time=device_time,
                reason=reason,
                device_id=device_id,
                actor=actor,
                closing=closing,
            )
        first[refund_uuid] = result
        results.append(result)
    return results


def _record(
    refund, refund_uuid, sale, *, shift, device_time, reason, device_id, actor, closing
) -> SyncResult:
    """The refund written (its order refund, stock and ledger posting, its lines), or why not."""
    # Locked before its lines are read: a refund from the office (a held sale voided) waits, or is seen.
    order = Order.objects.select_for_update().get(pk=sale.order_id)
    if order.status not in REFUNDABLE:
        return rejected(refund.client_uuid, Reason.ALREADY_REFUNDED)
    order_lines = list(OrderLine.objects.filter(order=order).order_by("pk"))
    wanted = _wanted(refund.lines, order_lines)
    if isinstance(wanted, str):
        return rejected(refund.client_uuid, wanted)
    made = order_refund(order=order, actor=actor, lines=wanted, reason=reason)
    flags = []
    if shift.status == Shift.Status.CLOSED and shift.pk not in closing:
        flags.append(str(Flag.SHIFT_CLOSED))
    # The refund's time is the tablet's claim: never taken as earlier than its shift's opening.
    if max(device_time, shift.opened_at) - sale.device_time > refund_review_after():
        flags.append(str(Flag.OLD_SALE))
    pos_refund = PosRefund.objects.create(
        client_uuid=refund_uuid,
        sale=sale,
        order_refund=made,
        shift=shift,
        device_id=device_id,
        device_time=device_time,
        reason=reason,
        amount_fen=made.amount_fen,
        payment_method=sale.payment_method,
        flags=flags,
        review_status=PosRefund.Review.HELD if Flag.OLD_SALE in flags else PosRefund.Review.NOT_NEEDED,
        received_at=timezone.now(),
    )
    by_pk = {line.pk: line for line in order_lines}
    PosRefundLine.objects.bulk_create(
        PosRefundLine(
            refund=pos_refund,
            order_line_id=line.order_line_id,
            sku=by_pk[line.order_line_id].sku,
            quantity=line.quantity,
            amount_fen=line.amount_fen,
        )
        for line in made.lines.order_by("pk")
    )
    return answered(refund.client_uuid, flags, order.number, sale.receipt_number)


def _wanted(lines, order_lines: list[OrderLine]) -> list[tuple[int, int]] | str:
    """[(order line id, pieces)] the refund gives back, or why it cannot: the pieces of each SKU fill
    the sale's lines of that SKU in order; never more than a line sold less what was refunded."""
    left = {line.pk: line.quantity - line.refunded_quantity for line in order_lines}
    if lines is None:  # the whole sale: everything not yet refunded
        wanted = [(pk, pieces) for pk, pieces in left.items() if pieces > 0]
        return wanted or Reason.ALREADY_REFUNDED
    if not isinstance(lines, list | tuple) or not lines:
        return Reason.NO_LINES
    asked: dict[str, int] = {}
    for line in lines:
        sku = clean_text(line.sku, SKU_MAX)
        if sku is None:
            return f"{Reason.MALFORMED_TEXT} (sku)"
        if not whole(line.quantity, 1):
            return f"{Reason.QUANTITY} ({sku})"
        if line.quantity > QUANTITY_MAX:
            return f"{Reason.QUANTITY_RANGE} ({sku})"
        asked[sku] = asked.get(sku, 0) + line.quantity
    wanted = []
    for sku, pieces in asked.items():
        of_sku = [line for line in order_lines if line.sku == sku]
        if not of_sku:
            return f"{Reason.SKU_NOT_IN_SALE} ({sku})"
        available = sum(left[line.pk] for line in of_sku)
        if pieces > available:
            return f"{Reason.OVER_REFUND} ({sku}: {available})"
        for line in of_sku:
            take = min(pieces, left[line.pk])
            if take:
                wanted.append((line.pk, take))
                pieces -= take
    return wanted


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
