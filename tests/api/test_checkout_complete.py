import uuid

import pytest

from orders.models import Checkout, Order
from tests.api.checkout_helpers import (
    CHECKOUT_COMPLETE,
    CHECKOUT_DELIVERY_UPDATE,
    CHECKOUT_LINES_ADD,
    create_checkout,
    pay,
    shipping,
)
from tests.api.conftest import fields_and_codes, gid

pytestmark = pytest.mark.usefixtures("stripe_server")


def complete(gql, token, **kwargs):
    return gql(CHECKOUT_COMPLETE, {"token": token}, **kwargs)["data"]["checkoutComplete"]


def test_a_paid_checkout_becomes_its_order_once(gql, stocked, shipping_region):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    pay(gql, token)

    first = complete(gql, token)
    second = complete(gql, token)

    assert first["errors"] == [] and second["errors"] == []
    order = Order.objects.get()
    assert first["order"]["id"] == second["order"]["id"] == gid("Order", order)
    assert first["order"]["token"] == str(order.token)
    assert first["order"]["total"] == {"amountFen": 14000}
    assert first["order"]["email"] == "tourist@example.com"


def test_an_unpaid_checkout_is_refused(gql, stocked, shipping_region):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]

    payload = complete(gql, token)

    assert fields_and_codes(payload) == [("payment", "PAYMENT_NOT_SUCCEEDED")]
    assert payload["order"] is None
    assert Order.objects.count() == 0


def test_a_completed_checkout_cannot_be_changed(gql, stocked, shipping_region):
    small, _large = stocked
    token = create_checkout(gql, [(small, 1)])["token"]
    gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": shipping(shipping_region)})
    pay(gql, token)
    complete(gql, token)

    payload = gql(
        CHECKOUT_LINES_ADD,
        {"token": token, "lines": [{"variantId": gid("ProductVariant", small), "quantity": 1}]},
    )["data"]["checkoutLinesAdd"]

    assert fields_and_codes(payload) == [("checkout", "INVALID_STATE")]
    assert Checkout.objects.get().lines.get().quantity == 1


def test_an_unknown_token_is_not_found(gql, db):
    assert fields_and_codes(complete(gql, str(uuid.uuid4()))) == [("token", "NOT_FOUND")]
