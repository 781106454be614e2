import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.core.tokens import token_for
from carts.models import PosRefund, PosSale
from carts.services import shift_close
from inventory.models import Movement
from orders.models import Order, OrderLine
from tests.api.conftest import DENIED, fields_and_codes, gid, on_hand, row_counts
from tests.api.pos_helpers import DEVICE, POS_SYNC, open_shift, other_operator, sale, stock_cart, sync

WRITES = (Order, OrderLine, PosSale, PosRefund, Movement)


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


@pytest.fixture
def well_stocked(stocked, cart, staff):
    """The cart holds 2002 small and 2000 large yaks."""
    stock_cart(cart, list(stocked), 2000, actor=staff)
    return stocked


def test_the_operator_syncs_a_sale_and_it_becomes_a_paid_cart_order(
    gql, operator_token, shift, cart, stocked
):
    small, _ = stocked
    sent = sale(shift, 1, lines=[("YAK-S", 2, 12800)], tendered=30000)

    payload = sync(gql, operator_token, [sent])

    assert payload == {
        "results": [
            {
                "clientUuid": sent["clientUuid"],
                "status": "RECORDED",
                "flags": [],
                "reason": None,
                "orderNumber": "C-CHAKA-7F3A-000001",
                "receiptNumber": "CHAKA-7F3A-000001",
            }
        ],
        "errors": [],
    }
    order = Order.objects.get()
    assert (order.channel, order.status, order.location_id, order.total_fen) == (
        "cart",
        "paid",
        cart.location.pk,
        25600,
    )
    pos_sale = PosSale.objects.get()
    assert (
        str(pos_sale.client_uuid),
        pos_sale.payment_method,
        pos_sale.tendered_fen,
        pos_sale.change_fen,
    ) == (
        sent["clientUuid"],
        "cash",
        30000,
        4400,
    )
    assert on_hand(small, cart.location) == 0


def test_a_thousand_sales_in_one_batch_make_exactly_a_thousand_orders(
    gql, operator_token, cart, operator, well_stocked
):
    shift = open_shift(cart, operator)
    sales = [
        sale(
            shift,
            n,
            lines=[("YAK-S", 1, 12800), ("YAK-L", 1, 25600)],
            method=["CASH", "WECHAT", "ALIPAY", "CARD"][n % 4],
        )
        for n in range(1, 1001)
    ]

    payload = sync(gql, operator_token, sales)

    assert payload["errors"] == []
    assert [result["status"] for result in payload["results"]] == ["RECORDED"] * 1000
    assert [result["clientUuid"] for result in payload["results"]] == [s["clientUuid"] for s in sales]
    assert Order.objects.filter(channel="cart").count() == 1000
    assert OrderLine.objects.count() == 2000
    small, large = well_stocked
    assert (on_hand(small, cart.location), on_hand(large, cart.location)) == (1002, 1000)


def test_the_same_batch_sent_twice_is_all_duplicate_and_makes_no_new_order(
    gql, operator_token, shift, well_stocked
):
    sales = [sale(shift, n) for n in range(1, 51)]
    first = sync(gql, operator_token, sales)
    before = row_counts(*WRITES)

    again = sync(gql, operator_token, sales)

    assert [result["status"] for result in again["results"]] == ["DUPLICATE"] * 50
    assert [r["orderNumber"] for r in again["results"]] == [r["orderNumber"] for r in first["results"]]
    assert row_counts(*WRITES) == before
    assert Order.objects.count() == 50


def test_a_uuid_twice_in_one_batch_is_recorded_once(gql, operator_token, shift, well_stocked):
    first = sale(shift, 1)
    repeat = sale(shift, 2, client_uuid=first["clientUuid"])

    payload = sync(gql, operator_token, [first, repeat])

    assert [result["status"] for result in payload["results"]] == ["RECORDED", "DUPLICATE"]
    assert Order.objects.count() == 1


def test_batches_out_of_order_are_each_recorded_once(gql, operator_token, shift, well_stocked):
    early, late = [sale(shift, n) for n in (1, 2)], [sale(shift, n) for n in (3, 4)]

    sync(gql, operator_token, late)
    sync(gql, operator_token, early + late)

    assert sorted(PosSale.objects.values_list("receipt_number", flat=True)) == [
        f"CHAKA-7F3A-00000{n}" for n in (1, 2, 3, 4)
    ]


def test_a_sale_on_a_closed_shift_is_recorded_with_the_shift_closed_flag(
    gql, operator_token, shift, operator, well_stocked
):
    shift_close(shift=shift, counted_cash_fen=50000, actor=operator.user)

    payload = sync(gql, operator_token, [sale(shift, 1)])

    [result] = payload["results"]
    assert (result["status"], result["flags"]) == ("RECORDED_WITH_FLAGS", ["SHIFT_CLOSED"])
    assert PosSale.objects.get().shift == shift


def test_a_price_other_than_the_list_s_is_recorded_with_a_flag_to_reconcile(
    gql, operator_token, shift, well_stocked
):
    payload = sync(gql, operator_token, [sale(shift, 1, lines=[("YAK-S", 1, 12500)])])

    [result] = payload["results"]
    assert (result["status"], result["flags"]) == ("RECORDED_WITH_FLAGS", ["PRICE_MISMATCH"])
    assert Order.objects.get().needs_reconciliation is True


def test_a_sale_beyond_the_books_takes_the_stock_negative_and_is_flagged(
    gql, operator_token, shift, cart, stocked
):
    small, _ = stocked

    payload = sync(gql, operator_token, [sale(shift, 1, lines=[("YAK-S", 3, 12800)])])

    [result] = payload["results"]
    assert (result["status"], result["flags"]) == ("RECORDED_WITH_FLAGS", ["NEGATIVE_STOCK"])
    assert on_hand(small, cart.location) == -1
    assert Order.objects.get().needs_reconciliation is True


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"lines": [("NOPE-1", 1, 100)]}, "unknown SKU (NOPE-1)"),
        ({"lines": [("YAK-S", 0, 12800)]}, "quantity < 1 (YAK-S)"),
        ({"discount": (20000, "熟客")}, "discount out of range (YAK-S)"),
        ({"amount": 100}, "amount ≠ total (100 ≠ 12800)"),
        ({"client_uuid": "not-a-uuid"}, "malformed client UUID"),
        ({"shift": "U2hpZnQ6MA=="}, "shift unknown or of another cart"),
        ({"method": "CASH", "tendered": 100}, "tendered < amount"),
    ],
)
def test_a_malformed_sale_is_rejected_with_its_reason_and_the_rest_recorded(
    gql, operator_token, shift, well_stocked, change, reason
):
    shift_ref = change.pop("shift", shift)
    bad = sale(shift_ref, 2, **change)

    payload = sync(gql, operator_token, [sale(shift, 1), bad])

    assert payload["results"][0]["status"] == "RECORDED"
    assert payload["results"][1] == {
        "clientUuid": bad["clientUuid"],
        "status": "REJECTED",
        "flags": [],
        "reason": reason,
        "orderNumber": None,
        "receiptNumber": None,
    }
    assert Order.objects.count() == 1


def test_a_sale_in_another_cart_s_shift_is_rejected(gql, operator_token, shift, other_cart, well_stocked):
    foreign_shift = open_shift(other_cart, other_operator(other_cart))

    payload = sync(gql, operator_token, [sale(foreign_shift, 1)])

    assert payload["results"][0]["reason"] == "shift unknown or of another cart"
    assert Order.objects.count() == 0


def test_a_refund_puts_the_stock_back_and_is_recorded_once(gql, operator_token, shift, cart, stocked):
    small, _ = stocked
    sold = sale(shift, 1)
    sync(gql, operator_token, [sold])
    refund = {
        "clientUuid": str(uuid.uuid4()),
        "saleUuid": sold["clientUuid"],
        "shift": gid("Shift", shift),
        "deviceTime": "2026-07-01T05:00:00+00:00",
        "reason": "顾客改变主意",
    }

    first = sync(gql, operator_token, [], refunds=[refund])
    again = sync(gql, operator_token, [], refunds=[refund])

    assert [(r["status"], r["orderNumber"]) for r in first["results"]] == [
        ("RECORDED", "C-CHAKA-7F3A-000001")
    ]
    assert [r["status"] for r in again["results"]] == ["DUPLICATE"]
    assert Order.objects.get().status == "refunded"
    assert PosRefund.objects.count() == 1
    assert on_hand(small, cart.location) == 2


def test_a_refund_of_a_sale_not_yet_received_is_rejected_to_be_sent_again(
    gql, operator_token, shift, stocked
):
    refund = {
        "clientUuid": str(uuid.uuid4()),
        "saleUuid": str(uuid.uuid4()),
        "shift": gid("Shift", shift),
        "deviceTime": "2026-07-01T05:00:00+00:00",
        "reason": "",
    }

    payload = sync(gql, operator_token, [], refunds=[refund])

    assert [(r["status"], r["reason"]) for r in payload["results"]] == [("REJECTED", "sale not yet received")]
    assert PosRefund.objects.count() == 0


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "staff", "other_operator", "unknown_cart"])
def test_sync_is_refused_to_all_but_the_cart_s_operator(
    gql, shift, well_stocked, other_cart, artisan_token, staff_token, operator_token, caller
):
    tokens = {
        "anonymous": None,
        "artisan": artisan_token,
        "staff": staff_token,
        "other_operator": token_for(other_operator(other_cart).user),
        "unknown_cart": operator_token,
    }
    before = row_counts(*WRITES)

    payload = sync(
        gql, tokens[caller], [sale(shift, 1)], cart="nowhere" if caller == "unknown_cart" else "chaka"
    )

    assert payload == {"results": [], "errors": DENIED}
    assert row_counts(*WRITES) == before


@pytest.mark.parametrize(
    ("device_id", "count", "expected"),
    [("", 1, [("deviceId", "INVALID")]), (DEVICE, 1001, [("sales", "INVALID")])],
)
def test_a_malformed_batch_is_a_typed_error_and_writes_nothing(
    gql, operator_token, shift, well_stocked, device_id, count, expected
):
    before = row_counts(*WRITES)

    payload = sync(gql, operator_token, [sale(shift, n) for n in range(1, count + 1)], device_id=device_id)

    assert fields_and_codes(payload) == expected
    assert payload["results"] == []
    assert row_counts(*WRITES) == before


def test_a_missing_field_fails_validation_before_anything_runs(gql, operator_token, shift, well_stocked):
    incomplete = sale(shift, 1)
    del incomplete["payment"]

    result = gql(
        POS_SYNC,
        {"input": {"cart": "chaka", "deviceId": DEVICE, "sales": [incomplete]}},
        token=operator_token,
    )

    assert result.status == 400
    assert Order.objects.count() == 0


def test_the_api_layer_adds_a_fixed_number_of_queries_whatever_the_batch_size(
    gql, operator_token, shift, well_stocked
):
    def queries_for(count, first):
        with CaptureQueriesContext(connection) as captured:
            sync(gql, operator_token, [sale(shift, n) for n in range(first, first + count)])
        return len(captured)

    assert queries_for(2, 1) == queries_for(200, 10)
