"""Refunds: the money back (through Stripe for an online order), the pieces back, the ledger told."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState, ValidationFailed
from inventory.services import SoldLine, stock_return
from orders.models import Order

REASON_MAX = 300


@transaction.atomic
def order_refund_whole(*, order: Order, actor, reason: str = "") -> Order:
    """Refund every line: the pieces go back to the location they left, and the order is refunded."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationFailed(_("不能超过 %(max)d 个字。") % {"max": REASON_MAX}, field="reason")
    locked = Order.objects.select_for_update(of=("self",)).select_related("location").get(pk=order.pk)
    if locked.status != Order.Status.PAID:
        raise InvalidState(
            _("订单 %(number)s 不是已付款状态，不能退款。") % {"number": locked.number},
            field="order",
            params={"number": locked.number},
        )
    stock_return(
        location=locked.location,
        lines=[
            SoldLine(variant_id=line.variant_id, quantity=line.quantity, reference=locked.number)
            for line in locked.lines.order_by("pk")
        ],
        actor=actor,
        reason=reason,
    )
    locked.status = Order.Status.REFUNDED
    locked.refunded_at = timezone.now()
    locked.save(update_fields=["status", "refunded_at"])
    order.status, order.refunded_at = locked.status, locked.refunded_at
    return locked
