import uuid

import pytest

from orders.models import Checkout
from tests import factories
from tests.api.checkout_helpers import CHECKOUT_DELIVERY_UPDATE, create_checkout, shipping
from tests.api.conftest import fields_and_codes, gid


@pytest.fixture
def token(gql, stocked):
    small, _large = stocked
    return create_checkout(gql, [(small, 1)])["token"]


def update(gql, token, delivery):
    return gql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": delivery})["data"][
        "checkoutDeliveryUpdate"
    ]


def test_shipping_to_a_region_adds_its_rate(gql, token, shipping_region):
    payload = update(gql, token, shipping(shipping_region))

    assert payload["errors"] == []
    assert payload["checkout"]["delivery"] == {
        "method": "SHIPPING",
        "recipientName": "李华",
        "shippingAddress": "青海省西宁市城西区 1 号",
        "shippingRegion": {"code": "qinghai", "price": {"amountFen": 1200}},
        "pickupCart": None,
    }
    assert payload["checkout"]["totalPrice"]["amountFen"] == 12800 + 1200
    checkout = Checkout.objects.get()
    assert (checkout.delivery_method, checkout.shipping_region) == ("shipping", shipping_region)


def test_pickup_at_a_cart_by_its_code(gql, token, cart, shipping_region):
    update(gql, token, shipping(shipping_region))

    payload = update(gql, token, {"method": "PICKUP", "pickupCart": "chaka"})

    assert payload["errors"] == []
    assert payload["checkout"]["delivery"]["method"] == "PICKUP"
    assert payload["checkout"]["delivery"]["pickupCart"] == {"code": "chaka"}
    assert payload["checkout"]["delivery"]["shippingRegion"] is None
    assert payload["checkout"]["shippingPrice"] == {"amountFen": 0}
    assert Checkout.objects.get().pickup_location == cart.location


@pytest.mark.parametrize(
    ("delivery", "expected"),
    [
        ({"method": "SHIPPING"}, ("shippingRegion", "REQUIRED")),
        (
            {"method": "SHIPPING", "shippingRegion": "U2hpcHBpbmdSZWdpb246OTk5"},
            ("shippingRegion", "NOT_FOUND"),
        ),
        ({"method": "PICKUP"}, ("pickupCart", "REQUIRED")),
        ({"method": "PICKUP", "pickupCart": "nowhere"}, ("pickupCart", "NOT_FOUND")),
    ],
)
def test_incomplete_or_unknown_choices_are_refused(gql, token, cart, delivery, expected):
    payload = update(gql, token, delivery)

    assert fields_and_codes(payload) == [expected]
    assert Checkout.objects.get().delivery_method == ""


def test_shipping_needs_a_recipient_and_an_address(gql, token, shipping_region):
    delivery = {**shipping(shipping_region), "recipientName": "  "}

    payload = update(gql, token, delivery)

    assert fields_and_codes(payload) == [("recipientName", "INVALID")]


def test_an_inactive_region_or_closed_cart_is_refused(gql, token, shipping_region):
    shipping_region.active = False
    shipping_region.save(update_fields=["active"])
    closed = factories.CartFactory(code="closed", is_active=False)

    assert fields_and_codes(update(gql, token, shipping(shipping_region))) == [
        ("shippingRegion", "NOT_FOUND")
    ]
    assert fields_and_codes(update(gql, token, {"method": "PICKUP", "pickupCart": closed.code})) == [
        ("pickupCart", "NOT_FOUND")
    ]


def test_an_unknown_token_is_not_found(gql, stocked, shipping_region):
    payload = update(gql, str(uuid.uuid4()), shipping(shipping_region))

    assert fields_and_codes(payload) == [("token", "NOT_FOUND")]


def test_a_region_id_of_another_type_is_not_found(gql, token, stocked):
    small, _large = stocked

    payload = update(gql, token, {"method": "SHIPPING", "shippingRegion": gid("ProductVariant", small)})

    assert fields_and_codes(payload) == [("shippingRegion", "NOT_FOUND")]
