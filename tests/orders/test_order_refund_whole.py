"""A whole order is refunded once: its pieces go back where they left from, its status says refunded."""

import pytest

from core.errors import InvalidState, ValidationFailed
from inventory.models import Movement
from orders.models import Order
from orders.services import OrderDraft, OrderLineDraft, order_refund_whole, orders_record_paid
from tests.factories import aware
from tests.inventory.stock import on_hand, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(cart_location, stocked, robe, purse, seller):
    [order] = orders_record_paid(
        location=cart_location,
        channel="cart",
        drafts=[
            OrderDraft(
                number="C-1",
                lines=[OrderLineDraft(robe, 1, 128000, 128000), OrderLineDraft(purse, 3, 9800, 9800)],
                paid_at=aware(2026, 7, 1),
            )
        ],
        actor=seller,
    )
    return order


def test_the_stock_comes_back_and_the_order_is_refunded(order, cart_location, robe, purse, seller):
    # when
    refunded = order_refund_whole(order=order, actor=seller, reason=" 顾客改变主意 ")

    # then
    stored = Order.objects.get()
    assert (stored.status, stored.refunded_at is not None) == ("refunded", True)
    assert (refunded.status, order.status) == ("refunded", "refunded")
    assert (on_hand(robe, cart_location), on_hand(purse, cart_location)) == (2, 5)
    assert list(
        Movement.objects.filter(kind="return")
        .order_by("pk")
        .values_list("variant__sku", "quantity", "reference", "reason", "actor")
    ) == [("ROBE-M", 1, "C-1", "顾客改变主意", seller.pk), ("PURSE-RED", 3, "C-1", "顾客改变主意", seller.pk)]


def test_refunding_twice_is_refused_and_writes_nothing(order, seller):
    # given
    order_refund_whole(order=order, actor=seller, reason="")
    before = snapshot()

    # when
    with pytest.raises(InvalidState) as error:
        order_refund_whole(order=Order.objects.get(), actor=seller, reason="")

    # then
    assert error.value.params == {"number": "C-1"}
    assert snapshot() == before


def test_a_reason_too_long_is_refused(order, seller):
    before = snapshot()

    with pytest.raises(ValidationFailed) as error:
        order_refund_whole(order=order, actor=seller, reason="长" * 301)

    assert error.value.field == "reason"
    assert (snapshot(), Order.objects.get().status) == (before, "paid")


def test_the_refund_is_recorded_with_its_lines_for_the_ledger(
    order, seller, django_capture_on_commit_callbacks
):
    from orders.models import OrderRefund

    with django_capture_on_commit_callbacks() as callbacks:
        order_refund_whole(order=order, actor=seller, reason="顾客改变主意")

    refund = OrderRefund.objects.get()
    assert (refund.reference, refund.amount_fen, refund.stripe_refund_id, refund.reason, refund.actor) == (
        "C-1-R1",
        128000 + 3 * 9800,
        "",
        "顾客改变主意",
        seller,
    )
    assert list(refund.lines.order_by("pk").values_list("order_line__sku", "quantity", "amount_fen")) == [
        ("ROBE-M", 1, 128000),
        ("PURSE-RED", 3, 29400),
    ]
    assert list(
        Order.objects.get().lines.order_by("pk").values_list("refunded_quantity", "refunded_fen")
    ) == [
        (1, 128000),
        (3, 29400),
    ]
    assert len(callbacks) == 1  # the ledger posting of this refund, once committed
