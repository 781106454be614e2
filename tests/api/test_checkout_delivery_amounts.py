"""checkoutDeliveryUpdate answers the checkout's amounts whatever else the query asks of it: only
the amounts (as a storefront's delivery step does, read without the lines' products), or the
lines with their products and artisans as well."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.checkout_helpers import create_checkout, shipping

AMOUNTS_ONLY = """
mutation D($token: UUID!, $input: CheckoutDeliveryInput!) {
  checkoutDeliveryUpdate(token: $token, input: $input) {
    checkout { quantity subtotalPrice { amountFen } shippingPrice { amountFen } totalPrice { amountFen } }
    errors { field code message }
  }
}
"""

WITH_LINES = """
mutation D($token: UUID!, $input: CheckoutDeliveryInput!) {
  checkoutDeliveryUpdate(token: $token, input: $input) {
    checkout {
      totalPrice { amountFen }
      lines { quantity variant { sku product { name } artisan { code } } totalPrice { amountFen } }
    }
    errors { field code message }
  }
}
"""


@pytest.fixture
def token(gql, stocked):
    small, large = stocked
    return create_checkout(gql, [(small, 2), (large, 1)])["token"]


def test_the_amounts_alone_are_answered_without_reading_the_products(gql, token, shipping_region):
    with CaptureQueriesContext(connection) as queries:
        payload = gql(AMOUNTS_ONLY, {"token": token, "input": shipping(shipping_region)})["data"][
            "checkoutDeliveryUpdate"
        ]

    assert payload["errors"] == []
    assert payload["checkout"] == {
        "quantity": 3,
        "subtotalPrice": {"amountFen": 2 * 12800 + 25600},
        "shippingPrice": {"amountFen": 1200},
        "totalPrice": {"amountFen": 2 * 12800 + 25600 + 1200},
    }
    assert not [query for query in queries.captured_queries if "catalog_product" in query["sql"]]


def test_the_lines_come_with_their_products_and_artisans(gql, token, shipping_region, artisan):
    payload = gql(WITH_LINES, {"token": token, "input": shipping(shipping_region)})["data"][
        "checkoutDeliveryUpdate"
    ]

    assert payload["errors"] == []
    assert payload["checkout"]["totalPrice"] == {"amountFen": 2 * 12800 + 25600 + 1200}
    assert sorted(
        (line["variant"]["sku"], line["quantity"], line["totalPrice"]["amountFen"])
        for line in payload["checkout"]["lines"]
    ) == [("YAK-L", 1, 25600), ("YAK-S", 2, 25600)]
    for line in payload["checkout"]["lines"]:
        assert line["variant"]["product"]["name"]
        assert line["variant"]["artisan"]["code"] == artisan.code
