import uuid

import pytest

from api.core.tokens import token_for
from carts.models import Shift
from carts.services import RefundDraft, SaleDraft, SaleLineDraft, pos_sync
from tests.api.conftest import DENIED, fields_and_codes, gid
from tests.api.pos_helpers import DEVICE, SALE_TIME, open_shift, other_operator

SHIFT_CLOSE = """
mutation Close($input: ShiftCloseInput!) {
  shiftClose(input: $input) {
    shift { status countedCashFen closedAt }
    zReport {
      salesCount grossFen discountFen netFen refundsCount refundsFen
      totalsByMethod { method amountFen count }
      refundsByMethod { method amountFen count }
      openingCashFen expectedCashFen countedCashFen varianceFen flaggedCount
    }
    errors { field code message }
  }
}
"""


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator, opening_cash_fen=20000)


def draft(shift, number, method, sku="YAK-S", price=12800, discount=0):
    return SaleDraft(
        client_uuid=str(uuid.uuid4()),
        shift_id=shift.pk,
        device_time=SALE_TIME,
        receipt_number=f"CHAKA-7F3A-{number:06d}",
        lines=[SaleLineDraft(sku=sku, quantity=1, unit_price_fen=price, discount_fen=discount)],
        payment_method=method,
        amount_fen=price - discount,
    )


@pytest.fixture
def takings(shift, cart, operator):
    """Sold through the domain service: cash 12800, cash 12800 less 800 off (later refunded), WeChat
    25600 (stock goes negative: flagged) and card 9900 for a 12800 piece (flagged)."""
    sales = [
        draft(shift, 1, "cash"),
        draft(shift, 2, "cash", discount=800),
        draft(shift, 3, "wechat", sku="YAK-L", price=25600),
        draft(shift, 4, "card", price=9900),
    ]
    pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)
    refund = RefundDraft(
        client_uuid=str(uuid.uuid4()),
        sale_uuid=sales[1].client_uuid,
        shift_id=shift.pk,
        device_time=SALE_TIME,
    )
    pos_sync(cart=cart, device_id=DEVICE, sales=[], refunds=[refund], actor=operator.user)


def close(gql, token, shift, counted=44000):
    return gql(SHIFT_CLOSE, {"input": {"shift": gid("Shift", shift), "countedCashFen": counted}}, token=token)


def test_the_operator_closes_her_shift_and_gets_its_z_report(gql, operator_token, shift, takings):
    result = close(gql, operator_token, shift)

    payload = result["data"]["shiftClose"]
    assert payload["errors"] == []
    assert payload["shift"]["status"] == "closed"
    assert payload["shift"]["countedCashFen"] == 44000
    assert payload["zReport"] == {
        "salesCount": 4,
        "grossFen": 12800 + 12800 + 25600 + 9900,
        "discountFen": 800,
        "netFen": 12800 + 12000 + 25600 + 9900 - 12000,
        "refundsCount": 1,
        "refundsFen": 12000,
        "totalsByMethod": [
            {"method": "CASH", "amountFen": 24800, "count": 2},
            {"method": "WECHAT", "amountFen": 25600, "count": 1},
            {"method": "ALIPAY", "amountFen": 0, "count": 0},
            {"method": "CARD", "amountFen": 9900, "count": 1},
        ],
        "refundsByMethod": [
            {"method": "CASH", "amountFen": 12000, "count": 1},
            {"method": "WECHAT", "amountFen": 0, "count": 0},
            {"method": "ALIPAY", "amountFen": 0, "count": 0},
            {"method": "CARD", "amountFen": 0, "count": 0},
        ],
        "openingCashFen": 20000,
        "expectedCashFen": 20000 + 24800 - 12000,
        "countedCashFen": 44000,
        "varianceFen": 44000 - 32800,
        "flaggedCount": 2,
    }


def test_staff_may_close_a_shift_left_open(gql, staff_token, shift):
    result = close(gql, staff_token, shift, counted=20000)

    assert result["data"]["shiftClose"]["zReport"]["varianceFen"] == 0
    shift.refresh_from_db()
    assert shift.status == Shift.Status.CLOSED


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator"])
def test_shift_close_is_refused_to_everyone_else(gql, shift, artisan_token, other_cart, caller):
    token = {"anonymous": None, "artisan": artisan_token}.get(caller)
    if caller == "other_operator":
        token = token_for(other_operator(other_cart).user)

    result = close(gql, token, shift)

    assert result["data"]["shiftClose"] == {"shift": None, "zReport": None, "errors": DENIED}
    shift.refresh_from_db()
    assert shift.status == Shift.Status.OPEN


def test_an_operator_is_refused_an_unknown_shift_and_staff_told_it_is_not_found(
    gql, operator_token, staff_token, db
):
    variables = {"input": {"shift": "U2hpZnQ6OTk5", "countedCashFen": 0}}

    assert gql(SHIFT_CLOSE, variables, token=operator_token)["data"]["shiftClose"]["errors"] == DENIED
    assert fields_and_codes(gql(SHIFT_CLOSE, variables, token=staff_token)["data"]["shiftClose"]) == [
        ("shift", "NOT_FOUND")
    ]


def test_a_negative_count_is_a_typed_error_and_the_shift_stays_open(gql, operator_token, shift):
    result = close(gql, operator_token, shift, counted=-5)

    assert fields_and_codes(result["data"]["shiftClose"]) == [("countedCashFen", "INVALID")]
    shift.refresh_from_db()
    assert (shift.status, shift.counted_cash_fen) == (Shift.Status.OPEN, None)


def test_a_closed_shift_cannot_be_closed_again(gql, operator_token, shift):
    close(gql, operator_token, shift, counted=20000)

    result = close(gql, operator_token, shift, counted=99999)

    assert fields_and_codes(result["data"]["shiftClose"]) == [("shift", "INVALID_STATE")]
    shift.refresh_from_db()
    assert shift.counted_cash_fen == 20000
