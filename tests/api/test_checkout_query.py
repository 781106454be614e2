"""checkout(token), shippingRegions and pickupCarts: public reads."""

import uuid

from orders.models import ShippingRegion
from tests import factories
from tests.api.checkout_helpers import CHECKOUT_QUERY, create_checkout
from tests.api.conftest import gid

SHIPPING_REGIONS = "{ shippingRegions { id code name nameZh nameEn price { amountFen formatted } } }"
PICKUP_CARTS = "{ pickupCarts { code name siteName } }"


def test_anyone_with_the_token_reads_the_checkout(gql, stocked):
    small, large = stocked
    created = create_checkout(gql, [(small, 1), (large, 2)])

    checkout = gql(CHECKOUT_QUERY, {"token": created["token"]})["data"]["checkout"]

    assert checkout == created
    assert checkout["totalPrice"] == {"amountFen": 12800 + 2 * 25600, "currency": "CNY"}


def test_availability_shows_what_is_short(gql, stocked, base, staff):
    small, _large = stocked
    token = create_checkout(gql, [(small, 3)])["token"]
    # The base sends 2 of its 3 small yaks away after the basket was filled
    from inventory.services import LineQuantity, transfer_create

    other = factories.LocationFactory(code="cart-x", kind="cart")
    transfer_create(
        source=base, destination=other, lines=[LineQuantity(variant=small, quantity=2)], actor=staff
    )

    checkout = gql(CHECKOUT_QUERY, {"token": token})["data"]["checkout"]

    # Best-stocked place now: the Chaka cart's 2
    assert [(line["quantityAvailable"], line["isAvailable"]) for line in checkout["lines"]] == [(2, False)]
    assert checkout["isAvailable"] is False


def test_an_unknown_token_reads_null(gql, db):
    assert gql(CHECKOUT_QUERY, {"token": str(uuid.uuid4())})["data"] == {"checkout": None}


def test_a_malformed_token_is_a_graphql_error(gql, db):
    result = gql(CHECKOUT_QUERY, {"token": "42"})

    assert result.status == 400
    assert result["errors"]


def test_a_malformed_token_written_into_the_query_is_a_client_error(gql, db):
    # Found by tests/security/test_graphql_fuzz.py: the UUID parser's exception was reported as an
    # internal server error.
    result = gql('{ checkout(token: "42") { token } }')

    assert result.status == 400
    assert [error["message"] for error in result["errors"]] == [
        "Expected value of type 'UUID!', found \"42\"; badly formed hexadecimal UUID string"
    ]
    assert "extensions" not in result["errors"][0]


def test_shipping_regions_lists_the_active_ones_in_order(gql, shipping_region):
    ShippingRegion.objects.create(code="far", name_zh="省外", name_en="Elsewhere", price_fen=2500, position=1)
    ShippingRegion.objects.create(code="off", name_zh="停用", name_en="Off", price_fen=1, active=False)

    regions = gql(SHIPPING_REGIONS, HTTP_ACCEPT_LANGUAGE="en")["data"]["shippingRegions"]

    assert regions == [
        {
            "id": gid("ShippingRegion", shipping_region),
            "code": "qinghai",
            "name": "Qinghai",
            "nameZh": "青海省内",
            "nameEn": "Qinghai",
            "price": {"amountFen": 1200, "formatted": "¥12.00"},
        },
        {
            "id": gid("ShippingRegion", ShippingRegion.objects.get(code="far")),
            "code": "far",
            "name": "Elsewhere",
            "nameZh": "省外",
            "nameEn": "Elsewhere",
            "price": {"amountFen": 2500, "formatted": "¥25.00"},
        },
    ]


def test_pickup_carts_lists_the_open_carts(gql, cart, other_cart):
    factories.CartFactory(code="zz-closed", is_active=False)

    carts = gql(PICKUP_CARTS, HTTP_ACCEPT_LANGUAGE="zh-hans")["data"]["pickupCarts"]

    assert [c["code"] for c in carts] == ["chaka", "feicui"]
    assert carts[0]["name"] == "茶卡一号车"
