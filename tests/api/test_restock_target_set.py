"""restockTargetSet(cart, coverDays): the restock page's days of cover, for staff who plan transfers."""

import pytest

from api.roles import FINANCE, STOCK_CLERK
from tests.api.staff_roles import role_token
from workbench.models import CartRestockTarget

pytestmark = pytest.mark.django_db

SET = """mutation($cart: String!, $days: Int!) {
  restockTargetSet(cart: $cart, coverDays: $days) { target { cartCode coverDays } errors { field code } }
}"""


def test_a_stock_clerk_sets_a_carts_days_of_cover(gql, cart):
    clerk = role_token(STOCK_CLERK, "clerk-1")

    first = gql(SET, {"cart": "chaka", "days": 10}, token=clerk)
    again = gql(SET, {"cart": "chaka", "days": 21}, token=clerk)

    assert first["data"]["restockTargetSet"] == {
        "target": {"cartCode": "chaka", "coverDays": 10},
        "errors": [],
    }
    assert again["data"]["restockTargetSet"]["target"] == {"cartCode": "chaka", "coverDays": 21}
    target = CartRestockTarget.objects.get()
    assert (target.cart, target.cover_days, target.updated_by.username) == (cart, 21, "clerk-1")


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"cart": "chaka", "days": 0}, {"field": "coverDays", "code": "INVALID"}),
        ({"cart": "chaka", "days": 61}, {"field": "coverDays", "code": "INVALID"}),
        ({"cart": "nowhere", "days": 7}, {"field": "cart", "code": "NOT_FOUND"}),
    ],
)
def test_bad_input_is_a_typed_error_and_writes_nothing(gql, cart, variables, error):
    result = gql(SET, variables, token=role_token(STOCK_CLERK, "clerk-1"))

    assert result["data"]["restockTargetSet"] == {"target": None, "errors": [error]}
    assert not CartRestockTarget.objects.exists()


@pytest.mark.parametrize("who", ["finance", "operator", "anonymous"])
def test_others_are_refused_and_nothing_is_written(gql, cart, operator_token, who):
    token = {"finance": role_token(FINANCE, "finance-1"), "operator": operator_token, "anonymous": None}[who]

    result = gql(SET, {"cart": "chaka", "days": 10}, token=token)

    assert result["data"]["restockTargetSet"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert not CartRestockTarget.objects.exists()
