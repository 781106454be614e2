"""Refunding an online order, whole or some pieces: the money goes back through Stripe, the pieces
go back on sale (or onto the shelf, once handed over), and the order says how much was refunded."""

import pytest

from core.errors import InvalidState, ValidationFailed
from inventory.models import Movement, StockLevel
from orders.models import Order, OrderRefund
from orders.services import order_fulfill, order_refund
from payments.models import Payment
from tests.inventory.stock import snapshot
from tests.payments.conftest import stripe_refunds

pytestmark = pytest.mark.django_db


def level(variant, location) -> tuple[int, int]:
    stock = StockLevel.objects.get(variant=variant, location=location)
    return stock.quantity, stock.allocated


def refunded_lines(order) -> list[tuple[str, int, int]]:
    return list(order.lines.order_by("pk").values_list("sku", "refunded_quantity", "refunded_fen"))


@pytest.fixture
def order(base_stocked, robe, purse, make_checkout, pay):
    """A robe and three purses shipped to Qinghai: 128000 + 29400 + 1200 shipping = 158600 fen."""
    return pay(make_checkout([(robe, 1), (purse, 3)]))


def test_a_whole_refund_gives_everything_back_through_stripe(order, base, robe, purse, staff):
    # when
    refund = order_refund(order=order, actor=staff, reason="顾客取消")

    # then
    stored = Order.objects.get()
    assert (stored.status, stored.refunded_at is not None) == ("refunded", True)
    assert (refund.reference, refund.amount_fen, refund.reason, refund.actor) == (
        f"{order.number}-R1",
        158600,
        "顾客取消",
        staff,
    )
    assert list(refund.lines.order_by("pk").values_list("order_line__sku", "quantity", "amount_fen")) == [
        ("ROBE-M", 1, 128000),
        ("PURSE-RED", 3, 29400),
    ]
    assert refunded_lines(stored) == [("ROBE-M", 1, 128000), ("PURSE-RED", 3, 29400)]
    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_fen) == ("refunded", 158600)
    assert stripe_refunds(payment) == [(158600, "顾客取消")]
    assert refund.stripe_refund_id == payment.refunds.get().provider_refund_id
    # not yet shipped: the pieces were only allocated, and are for sale again
    assert (level(robe, base), level(purse, base)) == ((2, 0), (5, 0))
    assert not Movement.objects.filter(kind="return").exists()


def test_refunding_some_pieces_refunds_their_share(order, base, purse, staff):
    purse_line = order.lines.get(sku="PURSE-RED")

    first = order_refund(order=order, actor=staff, lines=[(purse_line.pk, 1)])
    second = order_refund(order=order, actor=staff, lines=[(purse_line.pk, 2)])

    assert (first.reference, first.amount_fen, second.reference, second.amount_fen) == (
        f"{order.number}-R1",
        9800,
        f"{order.number}-R2",
        19600,
    )
    stored = Order.objects.get()
    assert stored.status == "partially_refunded"
    assert refunded_lines(stored) == [("ROBE-M", 0, 0), ("PURSE-RED", 3, 29400)]
    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_fen) == ("partially_refunded", 29400)
    assert stripe_refunds(payment) == [(9800, "订单退款"), (19600, "订单退款")]
    assert level(purse, base) == (5, 0)

    # the rest (the robe and the shipping) refunds the order completely
    rest = order_refund(order=order, actor=staff)
    assert (rest.amount_fen, Order.objects.get().status, Payment.objects.get().refunded_fen) == (
        129200,
        "refunded",
        158600,
    )


def test_a_refund_after_shipping_brings_the_pieces_back_to_the_base(order, base, robe, staff):
    order_fulfill(order=order, actor=staff, tracking_number="SF1")
    robe_line = order.lines.get(sku="ROBE-M")

    order_refund(order=order, actor=staff, lines=[(robe_line.pk, 1)], reason="尺码不合适")

    assert level(robe, base) == (2, 0)
    assert list(
        Movement.objects.filter(kind="return").values_list("variant__sku", "quantity", "reference", "reason")
    ) == [("ROBE-M", 1, order.number, "尺码不合适")]


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("not this order's line", "lines"),
        ("more than bought", "lines"),
        ("none", "lines"),
        ("long reason", "reason"),
    ],
)
def test_a_bad_refund_is_refused_and_nothing_is_written(order, staff, case, field):
    robe_line = order.lines.get(sku="ROBE-M")
    lines, reason = {
        "not this order's line": ([(0, 1)], ""),
        "more than bought": ([(robe_line.pk, 2)], ""),
        "none": ([(robe_line.pk, 0)], ""),
        "long reason": ([(robe_line.pk, 1)], "长" * 301),
    }[case]
    before = (
        snapshot(),
        OrderRefund.objects.count(),
        Payment.objects.values_list("refunded_fen", flat=True).get(),
    )

    with pytest.raises(ValidationFailed) as error:
        order_refund(order=order, actor=staff, lines=lines, reason=reason)

    assert error.value.field == field
    after = (
        snapshot(),
        OrderRefund.objects.count(),
        Payment.objects.values_list("refunded_fen", flat=True).get(),
    )
    assert after == before
    assert Order.objects.get().status == "paid"


def test_a_refunded_order_cannot_be_refunded_again(order, staff):
    order_refund(order=order, actor=staff)

    with pytest.raises(InvalidState):
        order_refund(order=Order.objects.get(), actor=staff)

    assert (OrderRefund.objects.count(), len(stripe_refunds(Payment.objects.get()))) == (1, 1)
