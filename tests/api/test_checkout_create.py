import pytest

from orders.models import Checkout, CheckoutLine
from tests.api.checkout_helpers import CHECKOUT_CREATE, CONTACT
from tests.api.conftest import fields_and_codes, gid, row_counts


def create(gql, lines, token=None, **contact):
    variables = {"input": {"lines": lines, **CONTACT, **contact}}
    return gql(CHECKOUT_CREATE, variables, token=token)


def test_anyone_starts_a_checkout_with_lines_and_contact(gql, stocked):
    small, large = stocked

    result = create(
        gql,
        [
            {"variantId": gid("ProductVariant", small), "quantity": 2},
            {"variantId": gid("ProductVariant", large), "quantity": 1},
        ],
    )

    payload = result["data"]["checkoutCreate"]
    assert payload["errors"] == []
    checkout = payload["checkout"]
    saved = Checkout.objects.get()
    assert checkout["token"] == str(saved.token)
    assert checkout["id"] == gid("Checkout", saved)
    assert (checkout["status"], checkout["email"], checkout["phone"]) == (
        "OPEN",
        "tourist@example.com",
        "13900000000",
    )
    assert [(line["variant"]["sku"], line["quantity"]) for line in checkout["lines"]] == [
        ("YAK-S", 2),
        ("YAK-L", 1),
    ]
    assert [line["unitPrice"]["amountFen"] for line in checkout["lines"]] == [12800, 25600]
    assert checkout["subtotalPrice"] == {"amountFen": 51200}
    assert checkout["totalPrice"] == {"amountFen": 51200, "currency": "CNY"}
    assert checkout["delivery"] is None
    assert checkout["quantity"] == 3
    assert checkout["isAvailable"] is True
    # Before a delivery is chosen, availability is the best-stocked location's (the base: 3 small)
    assert [line["quantityAvailable"] for line in checkout["lines"]] == [3, 2]


def test_staff_and_operators_may_start_one_too(gql, stocked, staff_token, operator_token):
    small, _large = stocked
    line = [{"variantId": gid("ProductVariant", small), "quantity": 1}]

    for token in (staff_token, operator_token):
        assert create(gql, line, token=token)["data"]["checkoutCreate"]["errors"] == []
    assert Checkout.objects.count() == 2


@pytest.mark.parametrize(
    ("make_line", "expected"),
    [
        (lambda small: {"variantId": gid("ProductVariant", small), "quantity": 0}, ("lines", "INVALID")),
        (lambda small: {"variantId": gid("ProductVariant", small), "quantity": -3}, ("lines", "INVALID")),
        (
            lambda small: {"variantId": gid("ProductVariant", small), "quantity": 4},
            ("lines", "INSUFFICIENT_STOCK"),
        ),
        (lambda small: {"variantId": gid("Product", small.product), "quantity": 1}, ("lines", "NOT_FOUND")),
        (lambda small: {"variantId": "bm90LWEtaWQ=", "quantity": 1}, ("lines", "NOT_FOUND")),
        (lambda small: {"variantId": "ProductVariant:1", "quantity": 1}, ("lines", "NOT_FOUND")),
        (
            lambda small: {"variantId": gid("ProductVariant", small), "quantity": 2**31 - 1},
            ("lines", "INVALID"),
        ),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(gql, stocked, make_line, expected):
    small, _large = stocked

    payload = create(gql, [make_line(small)])["data"]["checkoutCreate"]

    assert payload["checkout"] is None
    assert fields_and_codes(payload) == [expected]
    assert row_counts(Checkout, CheckoutLine) == {"Checkout": 0, "CheckoutLine": 0}


def test_an_unpublished_product_cannot_be_bought(gql, stocked):
    small, _large = stocked
    small.product.is_published = False
    small.product.save(update_fields=["is_published"])

    payload = create(gql, [{"variantId": gid("ProductVariant", small), "quantity": 1}])["data"][
        "checkoutCreate"
    ]

    assert fields_and_codes(payload) == [("lines", "NOT_FOUND")]
    assert Checkout.objects.count() == 0


@pytest.mark.parametrize(
    ("contact", "expected"),
    [({"email": "not-an-email"}, ("email", "INVALID")), ({"phone": "call me"}, ("phone", "INVALID"))],
)
def test_bad_contact_details_are_refused(gql, stocked, contact, expected):
    small, _large = stocked

    payload = create(gql, [{"variantId": gid("ProductVariant", small), "quantity": 1}], **contact)

    assert fields_and_codes(payload["data"]["checkoutCreate"]) == [expected]
    assert Checkout.objects.count() == 0


def test_a_malformed_request_is_a_graphql_error_not_a_500(gql, stocked):
    result = gql(CHECKOUT_CREATE, {"input": {"lines": [{"variantId": 5, "quantity": "two"}]}})

    assert result.status == 400
    assert result["errors"]
    assert Checkout.objects.count() == 0
