import pytest

from api.core.tokens import token_for
from carts.models import Shift
from tests.api.conftest import DENIED, fields_and_codes
from tests.api.pos_helpers import DEVICE, open_shift, other_operator

SHIFT_OPEN = """
mutation Open($input: ShiftOpenInput!) {
  shiftOpen(input: $input) {
    shift {
      cart { code } deviceId status openingCashFen closedAt countedCashFen
      zReport { salesCount expectedCashFen }
    }
    errors { field code message }
  }
}
"""


def open_input(**overrides):
    return {"input": {"cart": "chaka", "deviceId": DEVICE, "openingCashFen": 50000, **overrides}}


def test_the_operator_opens_a_shift_with_the_counted_cash(gql, operator_token, operator, cart):
    result = gql(SHIFT_OPEN, open_input(), token=operator_token)

    assert result["data"]["shiftOpen"] == {
        "shift": {
            "cart": {"code": "chaka"},
            "deviceId": DEVICE,
            "status": "open",
            "openingCashFen": 50000,
            "closedAt": None,
            "countedCashFen": None,
            "zReport": {"salesCount": 0, "expectedCashFen": 50000},
        },
        "errors": [],
    }
    shift = Shift.objects.get()
    assert (shift.cart, shift.operator, shift.device_id) == (cart, operator, DEVICE)


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "staff", "other_operator", "unknown_cart"])
def test_shift_open_is_refused_to_all_but_the_cart_s_operator(
    gql, operator_token, artisan_token, staff_token, other_cart, caller
):
    tokens = {
        "anonymous": None,
        "artisan": artisan_token,
        "staff": staff_token,
        "other_operator": token_for(other_operator(other_cart).user),
        "unknown_cart": operator_token,
    }
    variables = open_input(cart="nowhere") if caller == "unknown_cart" else open_input()

    result = gql(SHIFT_OPEN, variables, token=tokens[caller])

    assert result["data"]["shiftOpen"] == {"shift": None, "errors": DENIED}
    assert Shift.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"openingCashFen": -1}, [("openingCashFen", "INVALID")]),
        ({"deviceId": "  "}, [("deviceId", "INVALID")]),
        ({"deviceId": "x" * 65}, [("deviceId", "INVALID")]),
    ],
)
def test_bad_shift_input_is_a_typed_error_and_opens_nothing(gql, operator_token, cart, overrides, expected):
    result = gql(SHIFT_OPEN, open_input(**overrides), token=operator_token)

    assert fields_and_codes(result["data"]["shiftOpen"]) == expected
    assert Shift.objects.count() == 0


def test_a_tablet_cannot_open_a_second_shift_while_one_is_open(gql, operator_token, operator, cart):
    open_shift(cart, operator)

    result = gql(SHIFT_OPEN, open_input(), token=operator_token)

    assert fields_and_codes(result["data"]["shiftOpen"]) == [("deviceId", "INVALID_STATE")]
    assert Shift.objects.count() == 1


def test_another_tablet_at_the_same_cart_opens_its_own_shift(gql, operator_token, operator, cart):
    open_shift(cart, operator)

    result = gql(SHIFT_OPEN, open_input(deviceId="TAB-0002"), token=operator_token)

    assert result["data"]["shiftOpen"]["errors"] == []
    assert Shift.objects.filter(status="open").count() == 2
