"""A cart's shifts, the tablet's open one, and the cart's stock."""

import pytest

from carts.selectors import cart_stock, current_shift, shifts_for_cart
from carts.services import pos_sync, shift_close, shift_open
from tests.carts.pos import DEVICE, line, sale
from tests.factories import aware

pytestmark = pytest.mark.django_db


def test_shifts_newest_first_and_by_status(cart, other_cart, operator):
    # given
    first = shift_open(
        cart=cart, operator=operator, device_id="a", opening_cash_fen=0, opened_at=aware(2026, 7, 1, 9)
    )
    shift_close(shift=first, counted_cash_fen=0, actor=operator.user)
    second = shift_open(
        cart=cart, operator=operator, device_id="a", opening_cash_fen=0, opened_at=aware(2026, 7, 2, 9)
    )
    third = shift_open(
        cart=cart, operator=operator, device_id="b", opening_cash_fen=0, opened_at=aware(2026, 7, 2, 10)
    )

    # then
    assert list(shifts_for_cart(cart=cart)) == [third, second, first]
    assert list(shifts_for_cart(cart=cart, status="closed")) == [first]
    assert list(shifts_for_cart(cart=other_cart)) == []
    assert current_shift(cart=cart, device_id="a") == second
    assert current_shift(cart=cart, device_id="c") is None


def test_cart_stock_is_what_the_cart_holds_after_its_sales(cart, stocked, shift, operator):
    pos_sync(
        cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["robe"], 3))], actor=operator.user
    )

    assert [(level.variant.sku, level.quantity) for level in cart_stock(cart=cart)] == [
        ("PURSE-RED", 5),
        ("ROBE-M", -1),
        ("SCARF-BLUE", 10),
    ]
