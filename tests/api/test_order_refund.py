import pytest

from orders.models import Order, OrderRefund
from payments.models import Payment
from tests.api.checkout_helpers import ORDER_REFUND, paid_order, shipping
from tests.api.conftest import DENIED, fields_and_codes, gid
from tests.payments.conftest import stripe_refunds

pytestmark = pytest.mark.usefixtures("stripe_server")


@pytest.fixture
def order(gql, stocked, shipping_region):
    small, large = stocked
    return paid_order(gql, [(small, 2), (large, 1)], shipping(shipping_region))


def refund(gql, variables, token=None):
    return gql(ORDER_REFUND, variables, token=token)["data"]["orderRefund"]


def test_staff_refund_some_lines_through_stripe(gql, order, staff_token):
    small_line = order["lines"][0]["id"]

    payload = refund(
        gql,
        {"id": order["id"], "lines": [{"orderLineId": small_line, "quantity": 1}], "reason": "尺寸不合"},
        staff_token,
    )

    assert payload["errors"] == []
    assert payload["refund"]["amount"] == {"amountFen": 12800}
    assert payload["refund"]["id"] == gid("Refund", OrderRefund.objects.get())
    assert payload["order"]["status"] == "PARTIALLY_REFUNDED"
    assert [line["quantityRefunded"] for line in payload["order"]["lines"]] == [1, 0]
    assert stripe_refunds(Payment.objects.get()) == [(12800, "尺寸不合")]


def test_without_lines_the_whole_order_and_its_shipping_go_back(gql, order, staff_token):
    payload = refund(gql, {"id": order["id"]}, staff_token)

    assert payload["errors"] == []
    assert payload["refund"]["amount"] == {"amountFen": 2 * 12800 + 25600 + 1200}
    assert payload["order"]["status"] == "REFUNDED"
    assert payload["order"]["refunded"] == {"amountFen": 52400}


@pytest.mark.parametrize("who", ["anonymous", "operator", "artisan"])
def test_no_one_else_may(gql, order, who, request):
    token = None if who == "anonymous" else request.getfixturevalue(f"{who}_token")

    payload = refund(gql, {"id": order["id"]}, token)

    assert payload == {"order": None, "refund": None, "errors": DENIED}
    assert OrderRefund.objects.count() == 0
    assert Order.objects.get().status == "paid"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (lambda o: [{"orderLineId": o["lines"][0]["id"], "quantity": 3}], ("lines", "INVALID")),
        (lambda o: [{"orderLineId": o["lines"][0]["id"], "quantity": 0}], ("lines", "INVALID")),
        (lambda o: [{"orderLineId": "T3JkZXJMaW5lOjk5OTk5", "quantity": 1}], ("lines", "INVALID")),
        (lambda o: [{"orderLineId": o["id"], "quantity": 1}], ("lines", "NOT_FOUND")),
        (lambda o: [], ("lines", "INVALID")),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_refunded(gql, order, staff_token, lines, expected):
    payload = refund(gql, {"id": order["id"], "lines": lines(order)}, staff_token)

    assert fields_and_codes(payload) == [expected]
    assert OrderRefund.objects.count() == 0
    assert stripe_refunds(Payment.objects.get()) == []


def test_a_reason_too_long_is_refused(gql, order, staff_token):
    payload = refund(gql, {"id": order["id"], "reason": "长" * 301}, staff_token)

    assert fields_and_codes(payload) == [("reason", "INVALID")]
    assert OrderRefund.objects.count() == 0


def test_a_refunded_order_cannot_be_refunded_again(gql, order, staff_token):
    refund(gql, {"id": order["id"]}, staff_token)

    payload = refund(gql, {"id": order["id"]}, staff_token)

    assert fields_and_codes(payload) == [("id", "INVALID_STATE")]
    assert OrderRefund.objects.count() == 1


def test_an_unknown_order_is_not_found(gql, order, staff_token):
    assert fields_and_codes(refund(gql, {"id": "T3JkZXI6OTk5OTk="}, staff_token)) == [("id", "NOT_FOUND")]
