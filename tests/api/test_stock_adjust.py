import pytest

from inventory.models import Movement
from tests.api.conftest import DENIED, fields_and_codes, gid, on_hand, row_counts

STOCK_ADJUST = """
mutation Adjust($input: StockAdjustInput!) {
  stockAdjust(input: $input) {
    movement { kind quantity reason variant { sku } location { code } }
    stock { quantity available }
    errors { field code message }
  }
}
"""


def adjust_input(small, base, quantity=-1, **overrides):
    return {
        "variant": gid("ProductVariant", small),
        "location": gid("Location", base),
        "quantity": quantity,
        "reason": "搬运中损坏",
        **overrides,
    }


def test_staff_adjust_stock_with_a_reason(gql, staff_token, stocked, base):
    small, _ = stocked

    result = gql(STOCK_ADJUST, {"input": adjust_input(small, base)}, token=staff_token)

    assert result["data"]["stockAdjust"] == {
        "movement": {
            "kind": "ADJUSTMENT",
            "quantity": -1,
            "reason": "搬运中损坏",
            "variant": {"sku": "YAK-S"},
            "location": {"code": "base"},
        },
        "stock": {"quantity": 2, "available": 2},
        "errors": [],
    }
    assert on_hand(small, base) == 2


def test_an_adjustment_sent_twice_with_one_key_is_applied_once(gql, staff_token, stocked, base):
    small, _ = stocked
    variables = {"input": adjust_input(small, base, quantity=2, idempotencyKey="found-2026-05-02")}

    first = gql(STOCK_ADJUST, variables, token=staff_token)
    second = gql(STOCK_ADJUST, variables, token=staff_token)

    assert first["data"]["stockAdjust"]["stock"] == {"quantity": 5, "available": 5}
    assert second["data"]["stockAdjust"]["errors"] == []
    assert on_hand(small, base) == 5


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_stock_adjust_is_refused_to_everyone_but_staff(gql, stocked, cart, operator_token, caller):
    small, _ = stocked
    before = row_counts(Movement)

    result = gql(
        STOCK_ADJUST,
        {"input": adjust_input(small, cart.location)},
        token=operator_token if caller == "operator" else None,
    )

    assert result["data"]["stockAdjust"] == {"movement": None, "stock": None, "errors": DENIED}
    assert row_counts(Movement) == before
    assert on_hand(small, cart.location) == 2


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"quantity": 0}, [("quantity", "INVALID")]),
        ({"quantity": -4}, [("quantity", "INSUFFICIENT_STOCK")]),
        ({"reason": "   "}, [("reason", "INVALID")]),
        ({"variant": "TG9jYXRpb246MA=="}, [("variant", "NOT_FOUND")]),
        ({"location": "TG9jYXRpb246MA=="}, [("location", "NOT_FOUND")]),
    ],
)
def test_bad_adjustment_is_a_typed_error_and_writes_nothing(
    gql, staff_token, stocked, base, overrides, expected
):
    small, _ = stocked
    before = row_counts(Movement)

    result = gql(STOCK_ADJUST, {"input": adjust_input(small, base, **overrides)}, token=staff_token)

    assert result["data"]["stockAdjust"]["movement"] is None
    assert fields_and_codes(result["data"]["stockAdjust"]) == expected
    assert row_counts(Movement) == before
    assert on_hand(small, base) == 3
