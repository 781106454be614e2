"""The attack that once made money payable, now held; the review queue (posSalesReview) and its
decisions (posSaleApprove, posSaleVoid): staff with carts.review_possale, nobody else, bad input
answered with typed errors and nothing written."""

import datetime

import pytest
from graphql_relay import to_global_id

from ledger.selectors import artisan_balance
from ledger.services import payout_run_create
from orders.models import Order, OrderHold
from orders.services.posting import orders_post_to_ledger
from tests import factories
from tests.api.conftest import gid, on_hand, token_for
from tests.api.pos_helpers import SALE_TIME, open_shift, sale, sync

pytestmark = pytest.mark.django_db

REVIEW = """query Review($status: PosSaleReviewStatus) { posSalesReview(first: 10, status: $status) {
  totalCount edges { node { id receiptNumber reviewStatus flags reasons amountFen operator
  lines { sku quantity shortfall } } } } }"""
APPROVE = """mutation($id: ID!, $note: String) { posSaleApprove(id: $id, note: $note) {
  posSale { reviewStatus note decidedBy } errors { field code message } } }"""
VOID = """mutation($id: ID!, $note: String!) { posSaleVoid(id: $id, note: $note) {
  posSale { reviewStatus } errors { field code message } } }"""


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


@pytest.fixture
def backdated(gql, operator_token, shift, artisan):
    """The attack: 3,000 small yaks sold (says the tablet) months before its shift, at a cart that
    holds 2; her agreement gives her 70 %."""
    factories.AgreementFactory(artisan=artisan, valid_from=datetime.date(2025, 1, 1))
    made = sale(
        shift, 1, lines=[("YAK-S", 3000, 12800)], device_time=SALE_TIME - datetime.timedelta(days=120)
    )
    [result] = sync(gql, operator_token, [made])["results"]
    return result


def test_a_backdated_sale_of_more_than_the_cart_holds_is_recorded_but_held(backdated, artisan):
    # then: recorded, with its flags
    assert backdated["status"] == "RECORDED_WITH_FLAGS"
    assert backdated["flags"] == ["NEGATIVE_STOCK", "DEVICE_TIME_OUTSIDE_SHIFT", "QUANTITY_OVER_STOCK"]
    order = Order.objects.get()
    assert order.hold.status == OrderHold.Status.HELD
    # posted, her ¥268,800 share is held: not pending, not available, not in a payout run
    assert orders_post_to_ledger(order_ids=[order.pk]) == 1
    far = SALE_TIME + datetime.timedelta(days=400)
    balance = artisan_balance(artisan=artisan, at=far)
    assert (balance.held_fen, balance.pending_fen, balance.available_fen) == (26880000, 0, 0)
    run = payout_run_create(run_date=far.date(), at=far, minimum_fen=1)
    assert run.payouts.count() == 0


def test_a_full_discount_without_a_reason_is_held(gql, operator_token, shift):
    made = sale(shift, 1, lines=[("YAK-S", 1, 12800)], discount=(12800, ""))

    [result] = sync(gql, operator_token, [made])["results"]

    assert result["flags"] == ["DISCOUNT_OVER_POLICY"]
    assert Order.objects.get().hold.reasons == ["discount_over_policy"]


def test_staff_see_the_queue_with_the_reasons(gql, staff_token, backdated):
    result = gql(REVIEW, token=staff_token)

    page = result["data"]["posSalesReview"]
    assert page["totalCount"] == 1
    node = page["edges"][0]["node"]
    assert (node["receiptNumber"], node["reviewStatus"], node["amountFen"]) == (
        "CHAKA-7F3A-000001",
        "HELD",
        38400000,
    )
    assert node["lines"] == [{"sku": "YAK-S", "quantity": 3000, "shortfall": 2998}]
    assert node["reasons"][0].startswith("设备时间 ")
    assert node["reasons"][1] == "卖出 3000 件，其中 2998 件账面上车里没有（允许 2 件）。"


def test_staff_without_the_review_permission_and_operators_are_refused(gql, operator_token, backdated):
    clerk = factories.UserFactory(username="clerk", is_staff=True)
    sale_id = gid("PosSale", Order.objects.get().pos_sale)

    for token in (token_for(clerk), operator_token):
        assert gql(REVIEW, token=token)["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        payload = gql(APPROVE, {"id": sale_id}, token=token)["data"]["posSaleApprove"]
        assert [e["code"] for e in payload["errors"]] == ["PERMISSION_DENIED"]
    assert OrderHold.objects.get().status == "held"


def test_approving_and_a_second_decision(gql, staff, staff_token, backdated):
    sale_id = gid("PosSale", Order.objects.get().pos_sale)

    approved = gql(APPROVE, {"id": sale_id, "note": "补货单晚到"}, token=staff_token)["data"][
        "posSaleApprove"
    ]
    again = gql(VOID, {"id": sale_id, "note": "迟了"}, token=staff_token)["data"]["posSaleVoid"]

    assert approved == {
        "posSale": {"reviewStatus": "APPROVED", "note": "补货单晚到", "decidedBy": staff.username},
        "errors": [],
    }
    assert [e["code"] for e in again["errors"]] == ["INVALID_STATE"]
    assert Order.objects.get().status == Order.Status.PAID


def test_a_void_needs_a_reason_and_an_unknown_id_is_not_found(gql, staff_token, backdated):
    sale_id = gid("PosSale", Order.objects.get().pos_sale)

    blank = gql(VOID, {"id": sale_id, "note": " "}, token=staff_token)["data"]["posSaleVoid"]
    missing = {"id": to_global_id("PosSale", 999999), "note": "x"}
    unknown = gql(VOID, missing, token=staff_token)["data"]["posSaleVoid"]

    assert [(e["field"], e["code"]) for e in blank["errors"]] == [("note", "INVALID")]
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("id", "NOT_FOUND")]
    assert (OrderHold.objects.get().status, Order.objects.get().status) == ("held", "paid")


def test_voiding_refunds_it_and_puts_the_pieces_back(gql, staff_token, backdated, cart, stocked):
    sale_id = gid("PosSale", Order.objects.get().pos_sale)

    voided = gql(VOID, {"id": sale_id, "note": "平板时间被改过"}, token=staff_token)["data"]["posSaleVoid"]

    assert voided == {"posSale": {"reviewStatus": "VOIDED"}, "errors": []}
    assert Order.objects.get().status == Order.Status.REFUNDED
    small, _ = stocked
    assert on_hand(small, cart.location) == 2
