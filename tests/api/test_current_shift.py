import pytest

from api.core.tokens import token_for
from carts.services import shift_close
from tests.api.conftest import error_codes, gid
from tests.api.pos_helpers import DEVICE, open_shift, other_operator

CURRENT_SHIFT = """
query Current($cart: String!, $deviceId: String!) {
  currentShift(cart: $cart, deviceId: $deviceId) { id cart { code } deviceId status openingCashFen }
}
"""


def current(gql, token, cart="chaka", device_id=DEVICE):
    return gql(CURRENT_SHIFT, {"cart": cart, "deviceId": device_id}, token=token)


def test_the_tablet_finds_its_open_shift_after_a_reload(gql, operator_token, operator, cart):
    shift = open_shift(cart, operator)

    result = current(gql, operator_token)

    assert result == {
        "data": {
            "currentShift": {
                "id": gid("Shift", shift),
                "cart": {"code": "chaka"},
                "deviceId": DEVICE,
                "status": "open",
                "openingCashFen": 50000,
            }
        }
    }


def test_another_tablet_or_a_closed_shift_is_no_current_shift(gql, operator_token, operator, cart):
    shift = open_shift(cart, operator)

    assert current(gql, operator_token, device_id="TAB-OTHER") == {"data": {"currentShift": None}}
    shift_close(shift=shift, counted_cash_fen=50000, actor=operator.user)
    assert current(gql, operator_token) == {"data": {"currentShift": None}}


def test_staff_may_look_at_any_tablet_s_shift(gql, staff_token, operator, cart):
    open_shift(cart, operator)

    assert current(gql, staff_token)["data"]["currentShift"]["deviceId"] == DEVICE


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator", "unknown_cart"])
def test_current_shift_is_refused_to_everyone_else(
    gql, operator_token, operator, cart, artisan_token, other_cart, caller
):
    open_shift(cart, operator)
    token = {"anonymous": None, "artisan": artisan_token, "unknown_cart": operator_token}.get(caller)
    if caller == "other_operator":
        token = token_for(other_operator(other_cart).user)

    result = current(gql, token, cart="nowhere" if caller == "unknown_cart" else "chaka")

    assert result["data"] == {"currentShift": None}
    assert error_codes(result) == ["PERMISSION_DENIED"]
