"""posSyncSales with refunds of some pieces: `lines` per SKU; a refund the sale cannot give back is
answered REJECTED with its reason (the tablet shows it), nothing written; an old sale's refund is
answered with the flag OLD_SALE; only the cart's operator may send them."""

import datetime
import uuid

import pytest

from api.core.tokens import token_for
from carts.models import PosRefund, PosRefundLine, PosSale
from inventory.models import Movement
from orders.models import Order, OrderRefund
from tests.api.conftest import DENIED, gid, on_hand, row_counts
from tests.api.pos_helpers import POS_SYNC, SALE_TIME, open_shift, other_operator, sale, stock_cart, sync

WRITES = (Order, PosSale, PosRefund, PosRefundLine, OrderRefund, Movement)


@pytest.fixture
def sold(gql, operator_token, cart, operator, stocked, staff):
    """Two small yaks and a large one, sold in one sale (cash, 512.00)."""
    small, large = stocked
    stock_cart(cart, [large], 3, actor=staff)
    shift = open_shift(cart, operator)
    sent = sale(shift, 1, lines=[("YAK-S", 2, 12800), ("YAK-L", 1, 25600)], tendered=60000)
    assert sync(gql, operator_token, [sent])["results"][0]["status"] == "RECORDED"
    return {"sale": sent, "shift": shift, "small": small, "large": large}


def refund(sold, lines, *, device_time=None):
    body = {
        "clientUuid": str(uuid.uuid4()),
        "saleUuid": sold["sale"]["clientUuid"],
        "shift": gid("Shift", sold["shift"]),
        "deviceTime": (device_time or SALE_TIME + datetime.timedelta(hours=1)).isoformat(),
        "reason": "顾客退一件",
    }
    if lines is not None:
        body["lines"] = [{"sku": sku, "quantity": quantity} for sku, quantity in lines]
    return body


def test_the_operator_refunds_one_line_of_a_two_line_sale(gql, operator_token, cart, sold):
    sent = refund(sold, [("YAK-L", 1)])

    payload = sync(gql, operator_token, [], refunds=[sent])

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
    assert list(PosRefundLine.objects.values_list("sku", "quantity", "amount_fen")) == [("YAK-L", 1, 25600)]
    assert (PosRefund.objects.get().amount_fen, Order.objects.get().status) == (25600, "partially_refunded")
    assert (on_hand(sold["small"], cart.location), on_hand(sold["large"], cart.location)) == (0, 3)


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ([("YAK-S", 3)], "more than is left to refund (YAK-S: 2)"),
        ([("YAK-X", 1)], "SKU not in the sale (YAK-X)"),
        ([("YAK-S", 0)], "quantity < 1 (YAK-S)"),
        ([("YAK-S", "two")], "quantity < 1 (YAK-S)"),
        ([("YAK-S", 2**40)], "quantity out of range (YAK-S)"),
        ([], "no lines"),
    ],
)
def test_a_refund_the_sale_cannot_give_back_is_rejected_with_its_reason(
    gql, operator_token, sold, lines, reason
):
    before = row_counts(*WRITES)
    sent = refund(sold, lines)

    payload = sync(gql, operator_token, [], refunds=[sent])

    assert payload["results"] == [
        {
            "clientUuid": sent["clientUuid"],
            "status": "REJECTED",
            "flags": [],
            "reason": reason,
            "orderNumber": None,
            "receiptNumber": None,
        }
    ]
    assert payload["errors"] == []
    assert row_counts(*WRITES) == before


def test_a_refund_of_an_old_sale_is_answered_with_old_sale(
    gql, operator_token, cart, operator, sold, settings
):
    settings.POS_REFUND_REVIEW_AFTER_DAYS = 30
    later = open_shift(cart, operator, device_id="TAB-OTHER")
    sent = refund(sold, [("YAK-S", 1)], device_time=SALE_TIME + datetime.timedelta(days=31))
    sent["shift"] = gid("Shift", later)

    payload = sync(gql, operator_token, [], refunds=[sent])

    assert [(r["status"], r["flags"]) for r in payload["results"]] == [("RECORDED_WITH_FLAGS", ["OLD_SALE"])]
    assert PosRefund.objects.get().review_status == "held"


def test_another_cart_s_operator_is_refused_and_nothing_is_written(gql, sold, other_cart):
    before = row_counts(*WRITES)
    token = token_for(other_operator(other_cart).user)

    result = gql(
        POS_SYNC,
        {
            "input": {
                "cart": "chaka",
                "deviceId": "TAB-7F3A",
                "sales": [],
                "refunds": [refund(sold, [("YAK-S", 1)])],
            }
        },
        token=token,
    )

    assert result["data"]["posSyncSales"] == {"results": [], "errors": DENIED}
    assert row_counts(*WRITES) == before
