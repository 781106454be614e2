"""Refunds: the money back (through Stripe for an online order), the pieces back, the ledger told.

Each refund is an OrderRefund with its lines, numbered `<order number>-R<n>`; that reference is also
Stripe's idempotency key, so a refund asked for twice is sent once. A line's amount: its whole
remaining quantity takes whatever of its total is not yet refunded; part of it takes its share of that
remainder by pieces (core.money.allocate between the pieces refunded and the pieces left), so a
discounted line's fen are shared the same way on the tablet and the last piece takes what is left.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState, ValidationFailed
from core.money import allocate
from inventory.services import HeldLine, SoldLine, stock_holds_release, stock_return
from orders.models import Order, OrderLine, OrderRefund, OrderRefundLine
from orders.services.posting import ledger_posting_schedule
from payments.services import payment_refund

REASON_MAX = 300
REFUNDABLE = (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED)


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationFailed(_("不能超过 %(max)d 个字。") % {"max": REASON_MAX}, field="reason")
    return reason


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _wanted(order: Order, lines, order_lines: dict[int, OrderLine]) -> dict[int, int]:
    """{order line id: quantity to refund}; everything left when lines is None."""
    if lines is None:
        return {
            pk: line.quantity - line.refunded_quantity
            for pk, line in order_lines.items()
            if line.quantity > line.refunded_quantity
        }
    wanted: dict[int, int] = {}
    for line_id, quantity in lines:
        if line_id not in order_lines:
            raise ValidationFailed(_("此订单没有这一行。"), field="lines", params={"lineId": line_id})
        if not _whole(quantity) or quantity < 1:
            raise ValidationFailed(_("退款数量必须是正整数。"), field="lines", params={"lineId": line_id})
        wanted[line_id] = wanted.get(line_id, 0) + quantity
    for line_id, quantity in wanted.items():
        line = order_lines[line_id]
        left = line.quantity - line.refunded_quantity
        if quantity > left:
            raise ValidationFailed(
                _("%(sku)s 最多还能退 %(left)d 件。") % {"sku": line.sku, "left": left},
                field="lines",
                params={"lineId": line_id, "left": left},
            )
    if not wanted:
        raise ValidationFailed(_("请选择要退款的商品。"), field="lines")
    return wanted


def line_refund_amount(line: OrderLine, quantity: int) -> int:
    """What `quantity` more pieces of this line give back: their share of what is not yet refunded."""
    left = line.quantity - line.refunded_quantity
    return allocate(line.total_fen - line.refunded_fen, [quantity, left - quantity])[0]


def _shipping_refunded_fen(order: Order) -> int:
    refunded = OrderRefund.objects.filter(order=order).aggregate(total=Sum("amount_fen"))["total"] or 0
    lines = (
        OrderRefundLine.objects.filter(refund__order=order).aggregate(total=Sum("amount_fen"))["total"] or 0
    )
    return refunded - lines


def _refund(*, order: Order, actor, lines, reason: str) -> tuple[Order, OrderRefund]:
    reason = _clean_reason(reason)
    locked = (
        Order.objects.select_for_update(of=("self",)).select_related("location", "payment").get(pk=order.pk)
    )
    if locked.status not in REFUNDABLE:
        raise InvalidState(
            _("订单 %(number)s 不是已付款状态，不能退款。") % {"number": locked.number},
            field="order",
            params={"number": locked.number},
        )
    order_lines = {line.pk: line for line in locked.lines.order_by("pk")}
    wanted = _wanted(locked, lines, order_lines)
    shipping_left = locked.shipping_fen - _shipping_refunded_fen(locked)
    shipping = shipping_left if lines is None else 0
    if not wanted and not shipping:
        raise InvalidState(_("此订单已全部退款。"), field="order", params={"number": locked.number})

    now = timezone.now()
    refund_lines, amounts = [], {}
    for line_id, quantity in wanted.items():
        line = order_lines[line_id]
        amounts[line_id] = line_refund_amount(line, quantity)
        refund_lines.append(OrderRefundLine(order_line=line, quantity=quantity, amount_fen=amounts[line_id]))
    refund = OrderRefund.objects.create(
        order=locked,
        reference=f"{locked.number}-R{locked.refunds.count() + 1}",
        amount_fen=sum(amounts.values()) + shipping,
        reason=reason,
        created_at=now,
        actor=actor,
    )
    for refund_line in refund_lines:
        refund_line.refund = refund
    OrderRefundLine.objects.bulk_create(refund_lines)

    for line_id, quantity in wanted.items():
        line = order_lines[line_id]
        line.refunded_quantity += quantity
        line.refunded_fen += amounts[line_id]
    OrderLine.objects.bulk_update([order_lines[pk] for pk in wanted], ["refunded_quantity", "refunded_fen"])
    _stock_back(locked, [(order_lines[pk], quantity) for pk, quantity in wanted.items()], actor, reason)

    everything_back = all(line.refunded_quantity == line.quantity for line in order_lines.values())
    locked.status = (
        Order.Status.REFUNDED
        if everything_back and shipping == shipping_left
        else Order.Status.PARTIALLY_REFUNDED
    )
    locked.refunded_at = now
    locked.save(update_fields=["status", "refunded_at"])

    # The provider last: if it refuses, everything above is rolled back and nothing was paid out.
    # Online only: a cart sale paid through the tablet's QR code is refunded at the cart as any cart
    # sale is (the operator hands the money back), never a second time through the provider.
    if locked.payment is not None and locked.channel == Order.Channel.ONLINE and refund.amount_fen > 0:
        stripe_refund = payment_refund(
            payment=locked.payment,
            amount_fen=refund.amount_fen,
            reason=reason or _("订单退款"),
            idempotency_key=refund.reference,
        )
        refund.stripe_refund_id = stripe_refund.provider_refund_id
        refund.save(update_fields=["stripe_refund_id"])
    ledger_posting_schedule(refund_ids=[refund.pk])
    order.status, order.refunded_at = locked.status, locked.refunded_at
    return locked, refund


def _stock_back(order: Order, lines: Sequence[tuple[OrderLine, int]], actor, reason: str) -> None:
    """Not yet handed over: the allocation lets go of the pieces; handed over: they come back."""
    if order.fulfilment_status == Order.Fulfilment.UNFULFILLED:
        stock_holds_release(
            reference=f"order:{order.number}",
            lines=[HeldLine(variant_id=line.variant_id, quantity=quantity) for line, quantity in lines],
        )
        return
    stock_return(
        location=order.location,
        lines=[
            SoldLine(variant_id=line.variant_id, quantity=quantity, reference=order.number)
            for line, quantity in lines
        ],
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def order_refund(
    *, order: Order, actor, lines: Sequence[tuple[int, int]] | None = None, reason: str = ""
) -> OrderRefund:
    """Refund these (order line id, quantity) pairs, or everything not yet refunded and the
    shipping (lines None); an online order's money goes back through Stripe."""
    return _refund(order=order, actor=actor, lines=lines, reason=reason)[1]


@transaction.atomic
def order_refund_whole(*, order: Order, actor, reason: str = "") -> Order:
    """Refund every line (a cart's refund): the pieces go back to the location they left, and the
    order is refunded."""
    return _refund(order=order, actor=actor, lines=None, reason=reason)[0]
