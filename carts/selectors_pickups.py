"""Online orders waiting to be picked up at a cart: the tablet's pickup list and the pieces its tiles
show as reserved (they are the orders' allocations at the cart's location)."""

from django.db.models import Prefetch

from carts.models import Cart
from orders.models import Order, OrderLine


def cart_pickups_waiting(*, cart: Cart):
    """Paid online orders for pickup at this cart not handed over yet, oldest first, with their lines."""
    return (
        Order.objects.filter(
            channel=Order.Channel.ONLINE,
            delivery_method=Order.Delivery.PICKUP,
            location_id=cart.location_id,
            fulfilment_status=Order.Fulfilment.UNFULFILLED,
            status__in=(Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED),
        )
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("paid_at", "pk")
    )
