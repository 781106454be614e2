"""A refund reverses a whole sale of the cart once: the stock comes back, the order is refunded; a refund
that arrives before its sale is rejected as "sale not yet received" and recorded when sent again."""

import dataclasses

import pytest

from carts.models import PosRefund, Shift
from carts.services import SyncStatus, pos_sync, shift_close, shift_open
from inventory.models import Movement
from orders.models import Order
from tests import factories
from tests.carts.pos import DEVICE, client_uuid, line, on_hand, refund, sale, snapshot, statuses

pytestmark = pytest.mark.django_db


def test_a_refund_puts_the_stock_back_and_refunds_the_order(cart, stocked, shift, operator):
    # given
    purse = stocked["purse"]
    pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(purse, 2), method="alipay")],
        actor=operator.user,
    )

    # when
    [result] = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[],
        refunds=[refund(1, 1, shift, reason="尺寸不合适")],
        actor=operator.user,
    )

    # then
    assert (result.client_uuid, result.status, result.flags, result.order_number, result.receipt_number) == (
        client_uuid(1, "refund"),
        SyncStatus.RECORDED,
        (),
        "C-CHAKA-7F3A-000001",
        "CHAKA-7F3A-000001",
    )
    order = Order.objects.get()
    assert (order.status, order.refunded_at is not None) == ("refunded", True)
    assert on_hand(purse, cart.location) == 5
    assert list(
        Movement.objects.filter(kind="return").values_list("variant__sku", "quantity", "reference", "reason")
    ) == [("PURSE-RED", 2, "C-CHAKA-7F3A-000001", "尺寸不合适")]
    pos_refund = PosRefund.objects.get()
    assert (pos_refund.sale.order, pos_refund.shift, pos_refund.amount_fen, pos_refund.payment_method) == (
        order,
        shift,
        19600,
        "alipay",
    )
    assert (pos_refund.device_id, pos_refund.reason, pos_refund.flags) == (DEVICE, "尺寸不合适", [])


def test_a_sale_and_its_refund_may_travel_in_one_batch(cart, stocked, shift, operator):
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["scarf"]))],
        refunds=[refund(1, 1, shift)],
        actor=operator.user,
    )

    assert [(r.client_uuid, r.status) for r in results] == [
        (client_uuid(1), SyncStatus.RECORDED),
        (client_uuid(1, "refund"), SyncStatus.RECORDED),
    ]
    assert on_hand(stocked["scarf"], cart.location) == 10


def test_a_refund_before_its_sale_is_rejected_until_the_sale_arrives(cart, stocked, shift, operator):
    # given: the refund's batch overtook the sale's
    before = snapshot()
    [early] = pos_sync(
        cart=cart, device_id=DEVICE, sales=[], refunds=[refund(1, 1, shift)], actor=operator.user
    )
    assert (early.status, early.reason) == (SyncStatus.REJECTED, "sale not yet received")
    assert snapshot() == before

    # when: the sale arrives, then the tablet sends the refund again
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user)
    [later] = pos_sync(
        cart=cart, device_id=DEVICE, sales=[], refunds=[refund(1, 1, shift)], actor=operator.user
    )

    # then
    assert later.status == SyncStatus.RECORDED
    assert Order.objects.get().status == "refunded"


def test_a_refund_sent_again_is_a_duplicate_and_writes_nothing(cart, stocked, shift, operator):
    # given
    pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["scarf"]))],
        refunds=[refund(1, 1, shift)],
        actor=operator.user,
    )
    before = snapshot()

    # when: again, and twice within one batch
    again = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[],
        refunds=[refund(1, 1, shift), refund(1, 1, shift)],
        actor=operator.user,
    )

    # then
    assert [(r.status, r.order_number) for r in again] == [(SyncStatus.DUPLICATE, "C-CHAKA-7F3A-000001")] * 2
    assert snapshot() == before


def test_a_second_refund_of_one_sale_is_rejected(cart, stocked, shift, operator):
    # given
    pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["scarf"]))],
        refunds=[refund(1, 1, shift)],
        actor=operator.user,
    )
    before = snapshot()

    # when: another refund (another UUID) of the same sale
    results = pos_sync(
        cart=cart, device_id=DEVICE, sales=[], refunds=[refund(2, 1, shift)], actor=operator.user
    )

    # then
    assert statuses(results) == [(SyncStatus.REJECTED, (), "sale already refunded")]
    assert snapshot() == before


def test_two_refunds_of_one_sale_in_one_batch_record_the_first(cart, stocked, shift, operator):
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user)

    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[],
        refunds=[refund(1, 1, shift), refund(2, 1, shift)],
        actor=operator.user,
    )

    assert [(r.status, r.reason) for r in results] == [
        (SyncStatus.RECORDED, None),
        (SyncStatus.REJECTED, "sale already refunded"),
    ]
    assert on_hand(stocked["scarf"], cart.location) == 10


def test_a_refund_of_a_sale_rejected_in_its_batch_says_so(cart, stocked, shift, operator):
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["scarf"]), amount_fen=1)],
        refunds=[refund(1, 1, shift)],
        actor=operator.user,
    )

    assert [(r.status, r.reason) for r in results] == [
        (SyncStatus.REJECTED, "amount ≠ total (1 ≠ 6600)"),
        (SyncStatus.REJECTED, "sale rejected"),
    ]


def test_a_refund_of_another_carts_sale_is_rejected(cart, other_cart, stocked, shift, operator):
    # given: a sale at the Emerald Lake cart
    other_shift = shift_open(
        cart=other_cart,
        operator=factories.OperatorFactory(carts=[other_cart]),
        device_id="tablet-0001",
        opening_cash_fen=0,
    )
    pos_sync(
        cart=other_cart,
        device_id="tablet-0001",
        sales=[sale(1, other_shift, line(stocked["scarf"]))],
        actor=None,
    )
    before = snapshot()

    # when: Chaka refunds it
    [result] = pos_sync(
        cart=cart, device_id=DEVICE, sales=[], refunds=[refund(1, 1, shift)], actor=operator.user
    )

    # then
    assert (result.status, result.reason) == (SyncStatus.REJECTED, "sale of another cart")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"client_uuid": "nope"}, "malformed client UUID"),
        ({"sale_uuid": "nope"}, "malformed sale UUID"),
        ({"shift_id": 999999}, "shift unknown or of another cart"),
        ({"device_time": None}, "device time missing"),
        ({"reason": "太" * 301}, "refund reason too long"),
    ],
)
def test_a_malformed_refund_is_rejected_and_writes_nothing(cart, stocked, shift, operator, change, reason):
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user)
    before = snapshot()

    [result] = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[],
        refunds=[dataclasses.replace(refund(1, 1, shift), **change)],
        actor=operator.user,
    )

    assert (result.status, result.reason) == (SyncStatus.REJECTED, reason)
    assert snapshot() == before


def test_a_refund_in_a_later_shift_counts_there_and_may_come_after_it_closed(cart, stocked, shift, operator):
    # given: a sale in the morning shift; the afternoon shift refunds it and is closed before it syncs
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=operator.user)
    shift_close(shift=shift, counted_cash_fen=26600, actor=operator.user)
    afternoon = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=26600)
    shift_close(shift=afternoon, counted_cash_fen=20000, actor=operator.user)

    # when
    [result] = pos_sync(
        cart=cart, device_id=DEVICE, sales=[], refunds=[refund(1, 1, afternoon)], actor=operator.user
    )

    # then
    assert (result.status, result.flags) == (SyncStatus.RECORDED_WITH_FLAGS, ("shift_closed",))
    assert PosRefund.objects.get().shift == afternoon
    assert Shift.objects.get(pk=afternoon.pk).refunds.count() == 1
