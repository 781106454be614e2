"""Staff hand an online order over: shipped with its tracking number, or picked up at the cart. Only
then do the pieces leave the shelf, as a sale."""

import pytest

from core.errors import InvalidState, ValidationFailed
from inventory.models import Movement, StockLevel
from orders.models import Order
from orders.services import order_fulfill
from tests.inventory.stock import snapshot

pytestmark = pytest.mark.django_db


def level(variant, location) -> tuple[int, int]:
    stock = StockLevel.objects.get(variant=variant, location=location)
    return stock.quantity, stock.allocated


def test_shipping_needs_a_tracking_number_and_takes_the_pieces_out(
    base_stocked, base, robe, purse, staff, make_checkout, pay
):
    # given
    order = pay(make_checkout([(robe, 1), (purse, 2)]))
    assert (level(robe, base), level(purse, base)) == ((2, 1), (5, 2))

    # when
    order_fulfill(order=order, actor=staff, tracking_number=" SF1234567890 ")

    # then
    stored = Order.objects.get()
    assert (stored.fulfilment_status, stored.tracking_number, stored.fulfilled_at is not None) == (
        "shipped",
        "SF1234567890",
        True,
    )
    assert (level(robe, base), level(purse, base)) == ((1, 0), (3, 0))
    assert list(
        Movement.objects.filter(kind="sale")
        .order_by("pk")
        .values_list("variant__sku", "quantity", "reference", "actor")
    ) == [("ROBE-M", -1, order.number, staff.pk), ("PURSE-RED", -2, order.number, staff.pk)]


def test_without_a_tracking_number_nothing_is_written(base_stocked, robe, staff, make_checkout, pay):
    order = pay(make_checkout([(robe, 1)]))
    before = snapshot()

    with pytest.raises(ValidationFailed) as error:
        order_fulfill(order=order, actor=staff, tracking_number="  ")

    assert error.value.field == "trackingNumber"
    assert (snapshot(), Order.objects.get().fulfilment_status) == (before, "unfulfilled")


def test_a_pickup_is_picked_up_at_its_cart_and_only_once(
    stocked, cart_location, robe, staff, make_checkout, pay
):
    order = pay(make_checkout([(robe, 2)], pickup=cart_location))

    order_fulfill(order=order, actor=staff)

    assert (Order.objects.get().fulfilment_status, level(robe, cart_location)) == ("picked_up", (0, 0))
    before = snapshot()
    with pytest.raises(InvalidState):
        order_fulfill(order=Order.objects.get(), actor=staff)
    assert snapshot() == before
