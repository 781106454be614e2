"""order(token) for whoever holds the token; order(id) for staff only."""

import uuid

import pytest

from tests.api.checkout_helpers import ORDER_BY_ID, ORDER_BY_TOKEN, paid_order, shipping
from tests.api.conftest import error_codes

pytestmark = pytest.mark.usefixtures("stripe_server")


@pytest.fixture
def order(gql, stocked, shipping_region):
    small, _large = stocked
    return paid_order(gql, [(small, 1)], shipping(shipping_region))


def test_anyone_with_the_token_reads_the_order(gql, order):
    result = gql(ORDER_BY_TOKEN, {"token": order["token"]})

    assert "errors" not in result
    read = result["data"]["order"]
    assert read == order
    assert (read["status"], read["fulfilmentStatus"], read["trackingNumber"]) == ("PAID", "UNFULFILLED", "")
    assert read["lines"][0]["productName"] == "毡制牦牛"
    assert read["subtotal"] == {"amountFen": 12800}
    assert read["total"] == {"amountFen": 14000}


def test_an_unknown_token_reads_null(gql, order):
    assert gql(ORDER_BY_TOKEN, {"token": str(uuid.uuid4())})["data"] == {"order": None}


def test_staff_read_it_by_id(gql, order, staff_token):
    result = gql(ORDER_BY_ID, {"id": order["id"]}, token=staff_token)

    assert result["data"]["order"]["number"] == order["number"]


@pytest.mark.parametrize("who", ["anonymous", "operator", "artisan"])
def test_no_one_else_reads_it_by_id(gql, order, who, request):
    token = None if who == "anonymous" else request.getfixturevalue(f"{who}_token")

    result = gql(ORDER_BY_ID, {"id": order["id"]}, token=token)

    assert result["data"] == {"order": None}
    assert error_codes(result) == ["PERMISSION_DENIED"]


def test_neither_or_both_arguments_is_an_error(gql, order):
    assert error_codes(gql("{ order { number } }")) == ["INVALID"]
    both = gql(
        ORDER_BY_ID.replace("order(id: $id)", "order(id: $id, token: $token)").replace(
            "($id: ID)", "($id: ID, $token: UUID)"
        ),
        {"id": order["id"], "token": order["token"]},
    )
    assert error_codes(both) == ["INVALID"]
