"""Handing an online order over: shipped with a tracking number, or picked up at the cart.

The order's allocation leaves its location as sale movements then (not when it was paid): until the
pieces are handed over they are still on the shelf, only no longer available to others.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidState, ValidationFailed
from inventory.services import stock_holds_fulfil
from orders.models import Order

TRACKING_MAX = 64


@transaction.atomic
def order_fulfill(*, order: Order, actor, tracking_number: str = "") -> Order:
    """Shipping: the tracking number is required and the order is shipped; pickup: picked up."""
    tracking_number = (tracking_number or "").strip()
    locked = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
    params = {"number": locked.number}
    if locked.channel != Order.Channel.ONLINE or locked.fulfilment_status != Order.Fulfilment.UNFULFILLED:
        raise InvalidState(_("订单 %(number)s 已交付，不能再次发货。") % params, field="order", params=params)
    if locked.status == Order.Status.REFUNDED:
        raise InvalidState(_("订单 %(number)s 已全部退款，不能发货。") % params, field="order", params=params)
    if locked.delivery_method == Order.Delivery.SHIPPING:
        if not tracking_number or len(tracking_number) > TRACKING_MAX:
            raise ValidationFailed(
                _("请填写快递单号（不超过 %(max)d 个字符）。") % {"max": TRACKING_MAX}, field="trackingNumber"
            )
        locked.fulfilment_status = Order.Fulfilment.SHIPPED
        locked.tracking_number = tracking_number
    else:
        locked.fulfilment_status = Order.Fulfilment.PICKED_UP
    stock_holds_fulfil(reference=f"order:{locked.number}", actor=actor, movement_reference=locked.number)
    locked.fulfilled_at = timezone.now()
    locked.save(update_fields=["fulfilment_status", "tracking_number", "fulfilled_at"])
    order.fulfilment_status, order.tracking_number = locked.fulfilment_status, locked.tracking_number
    order.fulfilled_at = locked.fulfilled_at

    def enqueue():
        from orders.tasks.checkout import order_fulfilled_notice

        order_fulfilled_notice.delay(locked.pk)

    transaction.on_commit(enqueue, robust=True)
    return locked
