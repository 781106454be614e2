"""The Z report of a shift: its sales by payment method, discounts, the refunds made in it, and the cash
the till should hold against what was counted."""

import pytest

from carts.selectors import MethodTotal, PieceTotal, z_report
from carts.services import pos_sync, shift_close, shift_open
from tests.carts.pos import line, refund, sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cart, stocked, operator):
    """A morning shift on one tablet with one Alipay sale; the afternoon shift on another, with sales
    in every method (one at a price off the list), a refund of one of its own cash sales and one of
    the morning's sale; and an evening shift that refunds an afternoon card sale."""
    robe, purse, scarf = stocked["robe"], stocked["purse"], stocked["scarf"]
    morning = shift_open(cart=cart, operator=operator, device_id="tablet-aaaa", opening_cash_fen=5000)
    pos_sync(
        cart=cart,
        device_id="tablet-aaaa",
        sales=[sale(100, morning, line(scarf), method="alipay")],
        actor=None,
    )
    shift_close(shift=morning, counted_cash_fen=5000, actor=operator.user)

    afternoon = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=20000)
    pos_sync(
        cart=cart,
        device_id="tablet-7f3a",
        sales=[
            sale(1, afternoon, line(scarf), tendered_fen=10000),
            sale(
                2, afternoon, line(purse, 2, discount_fen=1600, discount_reason="两件优惠"), method="wechat"
            ),
            sale(3, afternoon, line(robe), method="alipay"),
            sale(4, afternoon, line(scarf, 2), method="card"),
            sale(5, afternoon, line(purse)),
            sale(6, afternoon, line(robe, unit_price_fen=120000)),
        ],
        refunds=[refund(1, 5, afternoon), refund(2, 100, afternoon)],
        actor=None,
    )

    evening = shift_open(cart=cart, operator=operator, device_id="tablet-bbbb", opening_cash_fen=0)
    pos_sync(cart=cart, device_id="tablet-bbbb", sales=[], refunds=[refund(3, 4, evening)], actor=None)
    return {"morning": morning, "afternoon": afternoon, "evening": evening}


def test_the_figures_of_a_closed_shift(day, operator, django_assert_num_queries):
    # given
    afternoon = day["afternoon"]
    shift_close(shift=afternoon, counted_cash_fen=146000, actor=operator.user)

    # when
    with django_assert_num_queries(3):
        report = z_report(shift=afternoon)

    # then
    assert report.shift == afternoon
    assert report.sales_count == 6
    assert report.totals_by_method == {
        "cash": MethodTotal("cash", 136400, 3),
        "wechat": MethodTotal("wechat", 18000, 1),
        "alipay": MethodTotal("alipay", 128000, 1),
        "card": MethodTotal("card", 13200, 1),
    }
    assert (report.gross_fen, report.discount_fen, report.sales_fen) == (297200, 1600, 295600)
    assert (report.refunds_count, report.refunds_fen) == (2, 16400)
    assert report.refunds_by_method == {
        "cash": MethodTotal("cash", 9800, 1),
        "wechat": MethodTotal("wechat", 0, 0),
        "alipay": MethodTotal("alipay", 6600, 1),
        "card": MethodTotal("card", 0, 0),
    }
    assert report.net_fen == 279200
    assert (report.opening_cash_fen, report.expected_cash_fen) == (20000, 20000 + 136400 - 9800)
    assert (report.counted_cash_fen, report.variance_fen) == (146000, -600)
    assert report.flagged_count == 1
    # The pieces sold, per SKU, after line discounts (the refunded purse is not taken off): they sum
    # to the sales after discounts.
    assert report.pieces == (
        PieceTotal("PURSE-RED", "刺绣荷包", "Embroidered purse", "红色", 3, 27800),
        PieceTotal("ROBE-M", "蓝缎蒙古袍", "Blue satin robe", "M 码", 2, 248000),
        PieceTotal("SCARF-BLUE", "哈达围巾", "Khata scarf", "", 3, 19800),
    )
    assert sum(piece.amount_fen for piece in report.pieces) == report.sales_fen


def test_an_open_shift_has_no_count_and_no_variance_yet(day):
    report = z_report(shift=day["afternoon"])

    assert (report.expected_cash_fen, report.counted_cash_fen, report.variance_fen) == (146600, None, None)


def test_refunds_count_in_the_shift_they_were_made_in(day):
    evening, morning = z_report(shift=day["evening"]), z_report(shift=day["morning"])

    assert (evening.sales_count, evening.refunds_count, evening.refunds_fen, evening.net_fen) == (
        0,
        1,
        13200,
        -13200,
    )
    assert evening.refunds_by_method["card"] == MethodTotal("card", 13200, 1)
    assert evening.expected_cash_fen == 0
    assert (morning.sales_count, morning.refunds_count, morning.net_fen, morning.variance_fen) == (
        1,
        0,
        6600,
        0,
    )


def test_a_shift_without_sales_reports_zeros(shift):
    report = z_report(shift=shift)

    assert (
        report.sales_count,
        report.gross_fen,
        report.refunds_fen,
        report.net_fen,
        report.flagged_count,
    ) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert report.totals_by_method["cash"] == MethodTotal("cash", 0, 0)
    assert report.expected_cash_fen == 20000
