import pytest

from tests.api.conftest import error_codes

LOCATIONS = "{ locations { totalCount edges { node { code kind name } } } }"


@pytest.fixture
def locations(base, cart, other_cart):
    return base, cart, other_cart


def test_staff_see_every_location(gql, locations, staff_token):
    result = gql(LOCATIONS, token=staff_token)

    assert result == {
        "data": {
            "locations": {
                "totalCount": 3,
                "edges": [
                    {"node": {"code": "base", "kind": "BASE", "name": "工坊总库"}},
                    {"node": {"code": "cart-chaka", "kind": "CART", "name": "茶卡盐湖车"}},
                    {"node": {"code": "cart-feicui", "kind": "CART", "name": "翡翠湖车"}},
                ],
            }
        }
    }


def test_an_operator_sees_only_her_own_carts_locations(gql, locations, operator_token):
    result = gql(LOCATIONS, token=operator_token)

    assert result == {
        "data": {
            "locations": {
                "totalCount": 1,
                "edges": [{"node": {"code": "cart-chaka", "kind": "CART", "name": "茶卡盐湖车"}}],
            }
        }
    }


@pytest.mark.parametrize("caller", ["anonymous", "artisan"])
def test_locations_are_refused_to_the_public_and_to_artisans(gql, locations, artisan_token, caller):
    result = gql(LOCATIONS, token=artisan_token if caller == "artisan" else None)

    assert result["data"] == {"locations": None}
    assert error_codes(result) == ["PERMISSION_DENIED"]


def test_locations_refuse_a_page_over_100(gql, locations, staff_token):
    result = gql("{ locations(first: 101) { totalCount } }", token=staff_token)

    assert result["data"] == {"locations": None}
    assert error_codes(result) == ["INVALID"]
