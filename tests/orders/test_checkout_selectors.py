"""Reads for the storefront: a checkout and an online order by their tokens, in a fixed number of
queries; an unknown or malformed token is not found."""

import pytest

from core.errors import NotFound
from orders.selectors import checkout_get, order_for_status_page, order_get_by_token, orders_to_fulfil

pytestmark = pytest.mark.django_db


def test_a_checkout_by_its_token_with_its_lines(
    base_stocked, robe, purse, make_checkout, django_assert_num_queries
):
    checkout = make_checkout([(robe, 1), (purse, 2)])

    with django_assert_num_queries(2):
        found = checkout_get(str(checkout.token))
        lines = [
            (line.variant.sku, line.variant.product.name_zh, line.quantity) for line in found.lines.all()
        ]

    assert lines == [("ROBE-M", "蓝缎蒙古袍", 1), ("PURSE-RED", "刺绣荷包", 2)]
    assert found.shipping_region.code == "qinghai"


def test_an_order_by_its_token_for_the_status_page(
    base_stocked, robe, make_checkout, pay, django_assert_num_queries
):
    order = pay(make_checkout([(robe, 1)]))

    with django_assert_num_queries(3):
        found = order_for_status_page(token=order.token)
        summary = (found.number, [line.sku for line in found.lines.all()], list(found.refunds.all()))

    assert summary == (order.number, ["ROBE-M"], [])
    assert order_get_by_token(str(order.token)) == order
    assert list(orders_to_fulfil()) == [order]


@pytest.mark.parametrize("token", ["not-a-token", "0b9f5c1e-2d7a-4c56-9a57-3f1f8e0c2b11"])
def test_an_unknown_token_is_not_found(db, token):
    with pytest.raises(NotFound):
        order_get_by_token(token)
    with pytest.raises(NotFound):
        checkout_get(token)
