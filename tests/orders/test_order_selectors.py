"""Reading one order with its lines, and the orders flagged for reconciliation."""

import pytest

from core.errors import NotFound
from orders.selectors import order_get, orders_to_reconcile
from orders.services import OrderDraft, OrderLineDraft, orders_record_paid
from tests import factories
from tests.factories import aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(cart_location, stocked, robe, purse, seller):
    return orders_record_paid(
        location=cart_location,
        channel="cart",
        drafts=[
            OrderDraft("C-1", [OrderLineDraft(purse, 1, 9800, 9800)], aware(2026, 7, 1, 10)),
            OrderDraft(
                "C-2",
                [OrderLineDraft(purse, 1, 9000, 9800)],
                aware(2026, 7, 1, 11),
                needs_reconciliation=True,
            ),
            OrderDraft("C-3", [OrderLineDraft(robe, 3, 128000, 128000)], aware(2026, 7, 1, 12)),
        ],
        actor=seller,
    )


def test_one_order_with_its_lines_in_two_queries(orders, django_assert_num_queries):
    with django_assert_num_queries(2):
        order = order_get(number="C-3")
        seen = (
            order.location.code,
            [(line.sku, line.artisan.code, line.shortfall) for line in order.lines.all()],
        )

    assert seen == ("chaka", [("ROBE-M", "uren", 1)])


def test_an_unknown_number_is_not_found(db):
    with pytest.raises(NotFound):
        order_get(number="C-404")


def test_the_orders_to_reconcile_newest_first(orders, cart_location):
    elsewhere = factories.LocationFactory(code="feicui")

    assert [order.number for order in orders_to_reconcile()] == ["C-3", "C-2"]
    assert [order.number for order in orders_to_reconcile(location=cart_location)] == ["C-3", "C-2"]
    assert list(orders_to_reconcile(location=elsewhere)) == []
