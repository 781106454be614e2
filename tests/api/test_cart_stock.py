import pytest

from api.core.tokens import token_for
from tests.api.conftest import error_codes
from tests.api.pos_helpers import open_shift, other_operator, sale, sync

CART_STOCK = """
query Stock($cart: String!) {
  cartStock(cart: $cart) { variant { sku name } location { code } quantity allocated available }
}
"""


def test_the_operator_sees_what_her_cart_holds(gql, operator_token, stocked):
    result = gql(CART_STOCK, {"cart": "chaka"}, token=operator_token)

    assert result == {
        "data": {
            "cartStock": [
                {
                    "variant": {"sku": "YAK-S", "name": "小号"},
                    "location": {"code": "cart-chaka"},
                    "quantity": 2,
                    "allocated": 0,
                    "available": 2,
                }
            ]
        }
    }


def test_a_sale_beyond_the_books_shows_as_negative_stock(gql, operator_token, operator, cart, stocked):
    sync(gql, operator_token, [sale(open_shift(cart, operator), 1, lines=[("YAK-S", 3, 12800)])])

    result = gql(CART_STOCK, {"cart": "chaka"}, token=operator_token)

    assert [(row["quantity"], row["available"]) for row in result["data"]["cartStock"]] == [(-1, 0)]


def test_staff_may_read_any_cart_s_stock(gql, staff_token, stocked):
    result = gql(CART_STOCK, {"cart": "chaka"}, token=staff_token)

    assert [row["variant"]["sku"] for row in result["data"]["cartStock"]] == ["YAK-S"]


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator", "unknown_cart"])
def test_cart_stock_is_refused_to_everyone_else(
    gql, operator_token, artisan_token, other_cart, stocked, caller
):
    token = {"anonymous": None, "artisan": artisan_token, "unknown_cart": operator_token}.get(caller)
    if caller == "other_operator":
        token = token_for(other_operator(other_cart).user)

    result = gql(CART_STOCK, {"cart": "nowhere" if caller == "unknown_cart" else "chaka"}, token=token)

    assert result["data"] is None  # cartStock is non-null: the error nulls the whole answer
    assert error_codes(result) == ["PERMISSION_DENIED"]


def test_staff_asking_for_an_unknown_cart_are_told_it_is_not_found(gql, staff_token, db):
    result = gql(CART_STOCK, {"cart": "nowhere"}, token=staff_token)

    assert error_codes(result) == ["NOT_FOUND"]


def test_a_cart_code_with_a_nul_character_written_into_the_query_is_refused(gql, staff_token, stocked):
    # Found by tests/security/test_graphql_fuzz.py: PostgreSQL refused the NUL and the lookup failed
    # as an internal server error.
    result = gql('{ cartStock(cart: "chaka\\u0000") { quantity } }', token=staff_token)

    assert result.status == 400
    assert [error["message"] for error in result["errors"]] == [
        "Text may not contain the NUL character (U+0000)."
    ]
    assert "data" not in result
