"""Refunding some pieces of a sale at the cart: the tablet names them per SKU, the server checks the
claim against what the sale sold less what was refunded before, gives back each line's share of its
money (core.money.allocate), puts the pieces back and schedules the ledger; an old sale's refund is
held for review."""

import datetime

import pytest

from carts.models import PosRefund, PosRefundLine, PosSale, Shift
from carts.selectors import z_report
from carts.services import SyncStatus, pos_sync, shift_close, shift_open
from inventory.models import Movement
from orders.models import LedgerOutbox, Order, OrderRefund
from tests.carts.pos import DEVICE, client_uuid, line, on_hand, refund, sale, snapshot, statuses

pytestmark = pytest.mark.django_db


def _sync(cart, operator, sales=(), refunds=()):
    return pos_sync(
        cart=cart, device_id=DEVICE, sales=list(sales), refunds=list(refunds), actor=operator.user
    )


def _refund_lines():
    return list(
        PosRefundLine.objects.order_by("refund__device_time", "pk").values_list(
            "sku", "quantity", "amount_fen"
        )
    )


def test_one_piece_of_one_line_is_refunded(cart, stocked, shift, operator):
    # given: a robe and two purses, paid in cash
    robe, purse = stocked["robe"], stocked["purse"]
    _sync(cart, operator, sales=[sale(1, shift, line(robe), line(purse, 2))])

    # when: one purse comes back
    [result] = _sync(
        cart, operator, refunds=[refund(1, 1, shift, reason="多买了一个", lines=[("PURSE-RED", 1)])]
    )

    # then
    assert (result.status, result.flags, result.order_number) == (
        SyncStatus.RECORDED,
        (),
        "C-CHAKA-7F3A-000001",
    )
    pos_refund = PosRefund.objects.get()
    assert (pos_refund.amount_fen, pos_refund.payment_method, pos_refund.review_status) == (
        9800,
        "cash",
        "not_needed",
    )
    assert _refund_lines() == [("PURSE-RED", 1, 9800)]
    order = Order.objects.get()
    assert order.status == "partially_refunded"
    assert list(order.lines.order_by("pk").values_list("sku", "refunded_quantity", "refunded_fen")) == [
        ("ROBE-M", 0, 0),
        ("PURSE-RED", 1, 9800),
    ]
    assert (on_hand(robe, cart.location), on_hand(purse, cart.location)) == (1, 4)
    assert list(Movement.objects.filter(kind="return").values_list("variant__sku", "quantity", "reason")) == [
        ("PURSE-RED", 1, "多买了一个")
    ]
    # the money: the order's own refund, posted to the ledger by its lines after the commit
    order_refund = OrderRefund.objects.get()
    assert (pos_refund.order_refund, order_refund.reference, order_refund.amount_fen) == (
        order_refund,
        "C-CHAKA-7F3A-000001-R1",
        9800,
    )
    assert LedgerOutbox.objects.filter(refund_ids=[order_refund.pk]).count() == 1
    report = z_report(shift=shift)
    assert (report.refunds_count, report.refunds_fen, report.expected_cash_fen, report.net_fen) == (
        1,
        9800,
        20000 + 128000 + 19600 - 9800,
        128000 + 19600 - 9800,
    )


def test_several_refunds_of_one_sale_until_nothing_is_left(cart, stocked, shift, operator):
    # given
    robe, purse = stocked["robe"], stocked["purse"]
    _sync(cart, operator, sales=[sale(1, shift, line(robe), line(purse, 2), method="wechat")])

    # when: a purse, a purse and the robe, in three syncs, the second with the robe in one batch
    first = _sync(cart, operator, refunds=[refund(1, 1, shift, lines=[("PURSE-RED", 1)])])
    second = _sync(
        cart,
        operator,
        refunds=[refund(2, 1, shift, lines=[("PURSE-RED", 1)]), refund(3, 1, shift, lines=[("ROBE-M", 1)])],
    )

    # then
    assert [r.status for r in (*first, *second)] == [SyncStatus.RECORDED] * 3
    assert _refund_lines() == [("PURSE-RED", 1, 9800), ("PURSE-RED", 1, 9800), ("ROBE-M", 1, 128000)]
    assert Order.objects.get().status == "refunded"
    assert (on_hand(robe, cart.location), on_hand(purse, cart.location)) == (2, 5)
    report = z_report(shift=shift)
    assert (report.refunds_count, report.refunds_fen) == (3, 147600)
    assert (report.refunds_by_method["wechat"].count, report.refunds_by_method["wechat"].amount_fen) == (
        3,
        147600,
    )

    # and a fourth, whole or of a line, finds nothing left
    before = snapshot()
    late = _sync(cart, operator, refunds=[refund(4, 1, shift), refund(5, 1, shift, lines=[("ROBE-M", 1)])])
    assert statuses(late) == [
        (SyncStatus.REJECTED, (), "sale already refunded"),
        (SyncStatus.REJECTED, (), "sale already refunded"),
    ]
    assert snapshot() == before


def test_a_discounted_line_gives_back_its_fen_as_allocate_shares_them(cart, stocked, shift, operator):
    # given: three scarves at 66.00 less 1.00 for the line: 197.00, not divisible by three
    _sync(cart, operator, sales=[sale(1, shift, line(stocked["scarf"], 3, discount_fen=100))])

    # when: one scarf at a time
    for n in (1, 2, 3):
        _sync(cart, operator, refunds=[refund(n, 1, shift, lines=[("SCARF-BLUE", 1)])])

    # then: 197.00 = 65.67 + 65.67 + 65.66, to the fen
    assert _refund_lines() == [("SCARF-BLUE", 1, 6567), ("SCARF-BLUE", 1, 6567), ("SCARF-BLUE", 1, 6566)]
    assert Order.objects.get().status == "refunded"
    assert z_report(shift=shift).refunds_fen == 19700


def test_a_whole_refund_after_a_partial_one_gives_back_only_what_is_left(cart, stocked, shift, operator):
    # given
    robe, purse = stocked["robe"], stocked["purse"]
    _sync(cart, operator, sales=[sale(1, shift, line(robe), line(purse, 2))])
    _sync(cart, operator, refunds=[refund(1, 1, shift, lines=[("PURSE-RED", 1)])])

    # when: the rest, the whole-sale way (no lines)
    [result] = _sync(cart, operator, refunds=[refund(2, 1, shift)])

    # then
    assert result.status == SyncStatus.RECORDED
    assert _refund_lines() == [("PURSE-RED", 1, 9800), ("ROBE-M", 1, 128000), ("PURSE-RED", 1, 9800)]
    assert PosRefund.objects.get(client_uuid=client_uuid(2, "refund")).amount_fen == 137800
    assert (Order.objects.get().status, on_hand(robe, cart.location), on_hand(purse, cart.location)) == (
        "refunded",
        2,
        5,
    )


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        # each with a robe that could be refunded alongside: the refund is rejected whole
        ([("ROBE-M", 1), ("PURSE-RED", 3)], "more than is left to refund (PURSE-RED: 2)"),
        ([("ROBE-M", 1), ("PURSE-RED", 1), ("PURSE-RED", 2)], "more than is left to refund (PURSE-RED: 2)"),
        ([("ROBE-M", 1), ("SCARF-BLUE", 1)], "SKU not in the sale (SCARF-BLUE)"),
        ([("ROBE-M", 1), ("PURSE-RED", 0)], "quantity < 1 (PURSE-RED)"),
        ([("ROBE-M", 1), ("PURSE-RED", 1.5)], "quantity < 1 (PURSE-RED)"),
        ([("ROBE-M", 1), ("PURSE-RED", 10_001)], "quantity out of range (PURSE-RED)"),
        ([("ROBE-M", 1), ("PURSE\x00", 1)], "malformed text (sku)"),
        ([], "no lines"),
    ],
)
def test_a_refund_claiming_what_the_sale_cannot_give_back_is_rejected_whole(
    cart, stocked, shift, operator, lines, reason
):
    # given
    _sync(cart, operator, sales=[sale(1, shift, line(stocked["robe"]), line(stocked["purse"], 2))])
    before = snapshot()

    # when
    results = _sync(cart, operator, refunds=[refund(1, 1, shift, lines=lines)])

    # then: nothing moved, no money, no stock
    assert statuses(results) == [(SyncStatus.REJECTED, (), reason)]
    assert snapshot() == before


def test_two_refunds_in_one_batch_never_give_back_more_than_was_sold(cart, stocked, shift, operator):
    # given
    _sync(cart, operator, sales=[sale(1, shift, line(stocked["purse"], 2))])

    # when: two tablets' claims of the same purses arrive together
    results = _sync(
        cart,
        operator,
        refunds=[
            refund(1, 1, shift, lines=[("PURSE-RED", 2)]),
            refund(2, 1, shift, lines=[("PURSE-RED", 1)]),
        ],
    )

    # then
    assert statuses(results) == [
        (SyncStatus.RECORDED, (), None),
        (SyncStatus.REJECTED, (), "sale already refunded"),
    ]
    assert _refund_lines() == [("PURSE-RED", 2, 19600)]
    assert on_hand(stocked["purse"], cart.location) == 5


def test_a_partial_refund_sent_again_is_a_duplicate_and_writes_nothing(cart, stocked, shift, operator):
    # given
    _sync(cart, operator, sales=[sale(1, shift, line(stocked["purse"], 2))])
    _sync(cart, operator, refunds=[refund(1, 1, shift, lines=[("PURSE-RED", 1)])])
    before = snapshot()

    # when: its answer was lost: the tablet sends it again, twice in one batch
    again = _sync(
        cart,
        operator,
        refunds=[
            refund(1, 1, shift, lines=[("PURSE-RED", 1)]),
            refund(1, 1, shift, lines=[("PURSE-RED", 1)]),
        ],
    )

    # then
    assert [(r.status, r.order_number) for r in again] == [(SyncStatus.DUPLICATE, "C-CHAKA-7F3A-000001")] * 2
    assert snapshot() == before
    assert on_hand(stocked["purse"], cart.location) == 4


SALE_DAY = datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("after_sale", "flags", "review_status"),
    [
        (datetime.timedelta(days=7), (), "not_needed"),
        (datetime.timedelta(days=7, minutes=1), ("old_sale",), "held"),
    ],
)
def test_a_refund_of_a_sale_older_than_the_review_days_is_held_for_review(
    cart, stocked, operator, settings, time_machine, after_sale, flags, review_status
):
    # given: a review after 7 days; a sale on 2 November
    settings.POS_REFUND_REVIEW_AFTER_DAYS = 7
    time_machine.move_to(SALE_DAY, tick=False)
    monday = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=0)
    _sync(cart, operator, sales=[sale(1, monday, line(stocked["purse"], 2))])
    shift_close(shift=monday, counted_cash_fen=19600, actor=operator.user)

    # when: one purse comes back, days after the sale's time, in that day's shift
    later = PosSale.objects.get().device_time + after_sale
    time_machine.move_to(later - datetime.timedelta(hours=1), tick=False)
    today = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=5000)
    time_machine.move_to(later, tick=False)
    [result] = _sync(cart, operator, refunds=[refund(1, 1, today, at=later, lines=[("PURSE-RED", 1)])])

    # then: recorded either way (the money was handed back); older than 7 days: held for review
    expected_status = SyncStatus.RECORDED_WITH_FLAGS if flags else SyncStatus.RECORDED
    assert (result.status, result.flags) == (expected_status, flags)
    pos_refund = PosRefund.objects.get()
    assert (pos_refund.flags, pos_refund.review_status, pos_refund.shift) == (
        list(flags),
        review_status,
        today,
    )
    assert on_hand(stocked["purse"], cart.location) == 4
    report = z_report(shift=Shift.objects.get(pk=today.pk))
    assert (report.sales_count, report.refunds_count, report.refunds_fen, report.expected_cash_fen) == (
        0,
        1,
        9800,
        5000 - 9800,
    )


def test_a_refund_time_earlier_than_its_shift_does_not_escape_the_review(
    cart, stocked, operator, settings, time_machine
):
    # given
    settings.POS_REFUND_REVIEW_AFTER_DAYS = 7
    time_machine.move_to(SALE_DAY, tick=False)
    monday = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=0)
    _sync(cart, operator, sales=[sale(1, monday, line(stocked["purse"], 2))])
    shift_close(shift=monday, counted_cash_fen=19600, actor=operator.user)
    time_machine.move_to(SALE_DAY + datetime.timedelta(days=20), tick=False)
    today = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=0)

    # when: the tablet claims the refund happened the day after the sale
    [result] = _sync(
        cart,
        operator,
        refunds=[refund(1, 1, today, at=SALE_DAY + datetime.timedelta(days=1), lines=[("PURSE-RED", 1)])],
    )

    # then
    assert (result.status, result.flags) == (SyncStatus.RECORDED_WITH_FLAGS, ("old_sale",))
    assert PosRefund.objects.get().review_status == "held"
