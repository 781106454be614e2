"""Online orders handed over at their pickup cart from the tablet (docs/pos.md, "Pickups at the cart").

The handover is the office's (orders.services.order_fulfill): the order's allocation at the cart
leaves as sale movements. The tablet makes a UUID for each handover and may send it more than once
(queued offline, an answer lost): the first is recorded, the others answer what it recorded.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carts.models import Cart, PosPickup
from carts.services.shifts import check_device_id
from core.errors import InvalidState, NotFound, ValidationFailed
from orders.models import Order
from orders.pickup_codes import order_pickup_code_matches
from orders.services import order_fulfill

WRONG_PICKUP_CODE = "WRONG_PICKUP_CODE"
WRONG_CART = "WRONG_CART"
ALREADY_HANDED_OVER = "ALREADY_HANDED_OVER"
ORDER_NUMBER_MAX = 100


@dataclass(frozen=True)
class PickupHandover:
    pickup: PosPickup
    duplicate: bool  # sent before: this is what the first one recorded


def _client_uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationFailed(_("客户端编号格式不对。"), field="clientUuid") from None


@transaction.atomic
def pos_pickup_hand_over(
    *,
    cart: Cart,
    client_uuid,
    order_number: str,
    pickup_code: str,
    device_id: str,
    device_time: datetime.datetime | None,
    actor,
) -> PickupHandover:
    """Hands the order over at this cart if it is waiting here and the code is its own."""
    client_uuid = _client_uuid(client_uuid)
    device_id = check_device_id(device_id)
    earlier = PosPickup.objects.select_related("order").filter(client_uuid=client_uuid).first()
    if earlier is not None:
        if earlier.cart_id != cart.pk:
            raise ValidationFailed(_("这个客户端编号已在另一辆零售车用过。"), field="clientUuid")
        return PickupHandover(pickup=earlier, duplicate=True)
    number = (order_number or "").strip()
    order = (
        Order.objects.select_for_update(of=("self",))
        .filter(
            number=number[:ORDER_NUMBER_MAX],
            channel=Order.Channel.ONLINE,
            delivery_method=Order.Delivery.PICKUP,
        )
        .first()
    )
    params = {"number": number[:ORDER_NUMBER_MAX]}
    # The same handover sent twice at once: the second waited for the order's lock, and finds the first.
    earlier = PosPickup.objects.filter(client_uuid=client_uuid, cart=cart).first()
    if earlier is not None:
        return PickupHandover(pickup=earlier, duplicate=True)
    if order is None:
        raise NotFound(_("没有自提订单 %(number)s。") % params, field="orderNumber", params=params)
    if order.location_id != cart.location_id:
        raise ValidationFailed(
            _("订单 %(number)s 不在这辆零售车自提。") % params,
            field="orderNumber",
            code=WRONG_CART,
            params=params,
        )
    if order.fulfilment_status != Order.Fulfilment.UNFULFILLED:
        raise InvalidState(
            _("订单 %(number)s 已交付过。") % params,
            field="orderNumber",
            code=ALREADY_HANDED_OVER,
            params=params,
        )
    if order.status == Order.Status.REFUNDED:
        raise InvalidState(
            _("订单 %(number)s 已全部退款，不能交付。") % params, field="orderNumber", params=params
        )
    if not order_pickup_code_matches(order=order, code=pickup_code):
        raise ValidationFailed(_("取货码不对。"), field="pickupCode", code=WRONG_PICKUP_CODE)
    now = timezone.now()
    if device_time is None:
        device_time = now
    elif timezone.is_naive(device_time):
        device_time = timezone.make_aware(device_time, datetime.UTC)
    order_fulfill(order=order, actor=actor)
    pickup = PosPickup.objects.create(
        client_uuid=client_uuid,
        order=order,
        cart=cart,
        device_id=device_id,
        device_time=min(device_time, now),
        handed_over_by=actor,
        received_at=now,
    )
    return PickupHandover(pickup=pickup, duplicate=False)
