import pytest

from api.core.tokens import token_for
from carts.services import shift_close
from tests.api.conftest import error_codes, gid
from tests.api.pos_helpers import open_shift, other_operator, sale, sync

SHIFT = """
query Shift($id: ID!) {
  shift(id: $id) {
    cart { code } status closedAt countedCashFen
    zReport { salesCount netFen totalsByMethod { method amountFen count } expectedCashFen varianceFen }
  }
}
"""


@pytest.fixture
def closed_shift(gql, operator_token, operator, cart, stocked):
    shift = open_shift(cart, operator, opening_cash_fen=10000)
    sync(gql, operator_token, [sale(shift, 1), sale(shift, 2, method="ALIPAY")])
    return shift_close(shift=shift, counted_cash_fen=22000, actor=operator.user)


def test_a_closed_shift_keeps_its_z_report_for_staff(gql, staff_token, closed_shift):
    result = gql(SHIFT, {"id": gid("Shift", closed_shift)}, token=staff_token)

    shift = result["data"]["shift"]
    assert (shift["cart"], shift["status"], shift["countedCashFen"]) == ({"code": "chaka"}, "closed", 22000)
    assert shift["zReport"] == {
        "salesCount": 2,
        "netFen": 25600,
        "totalsByMethod": [
            {"method": "CASH", "amountFen": 12800, "count": 1},
            {"method": "WECHAT", "amountFen": 0, "count": 0},
            {"method": "ALIPAY", "amountFen": 12800, "count": 1},
            {"method": "CARD", "amountFen": 0, "count": 0},
        ],
        "expectedCashFen": 22800,
        "varianceFen": -800,
    }


def test_the_cart_s_operator_reads_it_too(gql, operator_token, closed_shift):
    result = gql(SHIFT, {"id": gid("Shift", closed_shift)}, token=operator_token)

    assert result["data"]["shift"]["zReport"]["salesCount"] == 2


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator", "unknown_id"])
def test_a_shift_is_refused_to_everyone_else(
    gql, operator_token, artisan_token, other_cart, closed_shift, caller
):
    token = {"anonymous": None, "artisan": artisan_token, "unknown_id": operator_token}.get(caller)
    if caller == "other_operator":
        token = token_for(other_operator(other_cart).user)
    shift_id = "U2hpZnQ6OTk5" if caller == "unknown_id" else gid("Shift", closed_shift)

    result = gql(SHIFT, {"id": shift_id}, token=token)

    assert result["data"] == {"shift": None}
    assert error_codes(result) == ["PERMISSION_DENIED"]


@pytest.mark.parametrize("shift_id", ["U2hpZnQ6OTk5", "not-an-id", "UHJvZHVjdDox"])
def test_staff_get_null_for_an_id_that_is_no_shift(gql, staff_token, db, shift_id):
    assert gql(SHIFT, {"id": shift_id}, token=staff_token) == {"data": {"shift": None}}
