"""checkoutLinesAdd and checkoutLinesUpdate."""

import uuid

import pytest

from orders.models import Checkout
from tests.api.checkout_helpers import CHECKOUT_LINES_ADD, CHECKOUT_LINES_UPDATE, create_checkout
from tests.api.conftest import fields_and_codes, gid


@pytest.fixture
def basket(gql, stocked):
    small, large = stocked
    return create_checkout(gql, [(small, 1)]), small, large


def quantities(checkout) -> list[tuple[str, int]]:
    return [(line["variant"]["sku"], line["quantity"]) for line in checkout["lines"]]


def test_lines_add_adds_to_the_quantity_there(gql, basket):
    checkout, small, large = basket
    lines = [
        {"variantId": gid("ProductVariant", small), "quantity": 1},
        {"variantId": gid("ProductVariant", large), "quantity": 2},
    ]

    payload = gql(CHECKOUT_LINES_ADD, {"token": checkout["token"], "lines": lines})["data"][
        "checkoutLinesAdd"
    ]

    assert payload["errors"] == []
    assert quantities(payload["checkout"]) == [("YAK-S", 2), ("YAK-L", 2)]
    assert payload["checkout"]["subtotalPrice"] == {"amountFen": 2 * 12800 + 2 * 25600}


def test_lines_add_beyond_what_is_available_is_refused(gql, basket):
    checkout, small, _large = basket

    payload = gql(
        CHECKOUT_LINES_ADD,
        {"token": checkout["token"], "lines": [{"variantId": gid("ProductVariant", small), "quantity": 3}]},
    )["data"]["checkoutLinesAdd"]

    assert fields_and_codes(payload) == [("lines", "INSUFFICIENT_STOCK")]
    assert Checkout.objects.get().lines.get().quantity == 1


def test_lines_update_sets_quantities_and_zero_removes(gql, basket):
    checkout, small, large = basket
    gql(
        CHECKOUT_LINES_ADD,
        {"token": checkout["token"], "lines": [{"variantId": gid("ProductVariant", large), "quantity": 1}]},
    )
    lines = [
        {"variantId": gid("ProductVariant", small), "quantity": 0},
        {"variantId": gid("ProductVariant", large), "quantity": 2},
    ]

    payload = gql(CHECKOUT_LINES_UPDATE, {"token": checkout["token"], "lines": lines})["data"][
        "checkoutLinesUpdate"
    ]

    assert payload["errors"] == []
    assert quantities(payload["checkout"]) == [("YAK-L", 2)]


def test_an_unknown_token_is_not_found(gql, basket):
    _checkout, small, _large = basket
    lines = [{"variantId": gid("ProductVariant", small), "quantity": 1}]

    for document, name in (
        (CHECKOUT_LINES_ADD, "checkoutLinesAdd"),
        (CHECKOUT_LINES_UPDATE, "checkoutLinesUpdate"),
    ):
        payload = gql(document, {"token": str(uuid.uuid4()), "lines": lines})["data"][name]
        assert fields_and_codes(payload) == [("token", "NOT_FOUND")]
    assert Checkout.objects.get().lines.get().quantity == 1


def test_a_malformed_token_is_a_graphql_error_not_a_500(gql, basket):
    _checkout, small, _large = basket

    result = gql(
        CHECKOUT_LINES_ADD,
        {"token": "not-a-uuid", "lines": [{"variantId": gid("ProductVariant", small), "quantity": 1}]},
    )

    assert result.status == 400
    assert "UUID" in result["errors"][0]["message"]


def test_bad_quantities_are_refused(gql, basket):
    checkout, small, _large = basket

    payload = gql(
        CHECKOUT_LINES_UPDATE,
        {"token": checkout["token"], "lines": [{"variantId": gid("ProductVariant", small), "quantity": -1}]},
    )["data"]["checkoutLinesUpdate"]

    assert fields_and_codes(payload) == [("lines", "INVALID")]
    assert Checkout.objects.get().lines.get().quantity == 1
