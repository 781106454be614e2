import pytest

from tests.api.conftest import error_codes, gid

LOCATION = """
query Location($code: String, $id: ID) {
  location(code: $code, id: $id) {
    code
    stocks(first: 10) {
      totalCount
      edges { node { variant { sku product { slug } } location { code } quantity available } }
    }
  }
}
"""


def test_staff_see_a_location_with_its_stock_lines(gql, stocked, staff_token):
    result = gql(LOCATION, {"code": "base"}, token=staff_token)

    assert result == {
        "data": {
            "location": {
                "code": "base",
                "stocks": {
                    "totalCount": 2,
                    "edges": [
                        {
                            "node": {
                                "variant": {"sku": "YAK-L", "product": {"slug": "felt-yak"}},
                                "location": {"code": "base"},
                                "quantity": 2,
                                "available": 2,
                            }
                        },
                        {
                            "node": {
                                "variant": {"sku": "YAK-S", "product": {"slug": "felt-yak"}},
                                "location": {"code": "base"},
                                "quantity": 3,
                                "available": 3,
                            }
                        },
                    ],
                },
            }
        }
    }


def test_an_operator_sees_her_own_cart_by_id(gql, stocked, cart, operator_token):
    result = gql(LOCATION, {"id": gid("Location", cart.location)}, token=operator_token)

    assert result["data"]["location"]["code"] == "cart-chaka"
    assert result["data"]["location"]["stocks"]["edges"][0]["node"]["quantity"] == 2


@pytest.mark.parametrize(
    ("caller", "code"),
    [
        ("operator", "cart-feicui"),
        ("operator", "base"),
        ("anonymous", "cart-chaka"),
        ("artisan", "cart-chaka"),
    ],
)
def test_a_location_is_refused_to_anyone_else(
    gql, stocked, other_cart, operator_token, artisan_token, caller, code
):
    token = {"operator": operator_token, "artisan": artisan_token}.get(caller)

    result = gql(LOCATION, {"code": code}, token=token)

    assert result["data"] == {"location": None}
    assert error_codes(result) == ["PERMISSION_DENIED"]


def test_an_unknown_location_is_null_for_staff_and_refused_to_others(gql, base, operator_token, staff_token):
    assert gql(LOCATION, {"code": "nowhere"}, token=staff_token) == {"data": {"location": None}}
    assert error_codes(gql(LOCATION, {"code": "nowhere"}, token=operator_token)) == ["PERMISSION_DENIED"]


def test_location_needs_exactly_one_of_id_and_code(gql, base, staff_token):
    result = gql(LOCATION, {"code": "base", "id": gid("Location", base)}, token=staff_token)

    assert result["data"] == {"location": None}
    assert error_codes(result) == ["INVALID"]
