import pytest

from inventory.models import Movement, Transfer
from tests.api.conftest import DENIED, fields_and_codes, gid, on_hand, row_counts

TRANSFER_CREATE = """
mutation Send($input: TransferCreateInput!) {
  transferCreate(input: $input) {
    transfer {
      source { code } destination { code } status note
      lines { variant { sku } quantitySent quantityReceived }
    }
    errors { field code message }
  }
}
"""


def transfer_input(base, cart, small, quantity=3, **overrides):
    return {
        "source": gid("Location", base),
        "destination": gid("Location", cart.location),
        "lines": [{"variant": gid("ProductVariant", small), "quantity": quantity}],
        "note": "周一补货",
        **overrides,
    }


def test_staff_send_stock_from_the_base_to_a_cart(gql, staff_token, stocked, base, cart):
    small, _ = stocked
    transfers_before = Transfer.objects.count()

    result = gql(TRANSFER_CREATE, {"input": transfer_input(base, cart, small)}, token=staff_token)

    assert result["data"]["transferCreate"] == {
        "transfer": {
            "source": {"code": "base"},
            "destination": {"code": "cart-chaka"},
            "status": "DISPATCHED",
            "note": "周一补货",
            "lines": [{"variant": {"sku": "YAK-S"}, "quantitySent": 3, "quantityReceived": None}],
        },
        "errors": [],
    }
    assert Transfer.objects.count() == transfers_before + 1
    # It has left the base and not yet arrived.
    assert (on_hand(small, base), on_hand(small, cart.location)) == (0, 2)


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_transfer_create_is_refused_to_everyone_but_staff(gql, stocked, base, cart, operator_token, caller):
    small, _ = stocked
    before = row_counts(Transfer, Movement)

    result = gql(
        TRANSFER_CREATE,
        {"input": transfer_input(base, cart, small)},
        token=operator_token if caller == "operator" else None,
    )

    assert result["data"]["transferCreate"] == {"transfer": None, "errors": DENIED}
    assert row_counts(Transfer, Movement) == before


def test_sending_more_than_is_available_is_insufficient_stock(gql, staff_token, stocked, base, cart):
    small, _ = stocked
    before = row_counts(Transfer, Movement)

    result = gql(TRANSFER_CREATE, {"input": transfer_input(base, cart, small, quantity=4)}, token=staff_token)

    payload = result["data"]["transferCreate"]
    assert payload["errors"] == [
        {
            "field": "lines",
            "code": "INSUFFICIENT_STOCK",
            "message": "库存不足：YAK-S 可调出 3 件，需要 4 件。",
        }
    ]
    assert row_counts(Transfer, Movement) == before
    assert on_hand(small, base) == 3


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"destination": "BASE"}, [("destination", "INVALID")]),
        ({"destination": "TG9jYXRpb246MA=="}, [("destination", "NOT_FOUND")]),
        ({"source": "SMALL"}, [("source", "NOT_FOUND")]),
        ({"lines": []}, [("lines", "INVALID")]),
        ({"idempotencyKey": "k" * 81}, [("idempotencyKey", "INVALID")]),
    ],
)
def test_bad_transfer_input_is_a_typed_error_and_writes_nothing(
    gql, staff_token, stocked, base, cart, overrides, expected
):
    small, _ = stocked
    replace = {"BASE": gid("Location", base), "SMALL": gid("ProductVariant", small)}
    overrides = {
        key: replace.get(value, value) if isinstance(value, str) else value
        for key, value in overrides.items()
    }
    before = row_counts(Transfer, Movement)

    result = gql(
        TRANSFER_CREATE, {"input": transfer_input(base, cart, small, **overrides)}, token=staff_token
    )

    assert result["data"]["transferCreate"]["transfer"] is None
    assert fields_and_codes(result["data"]["transferCreate"]) == expected
    assert row_counts(Transfer, Movement) == before
