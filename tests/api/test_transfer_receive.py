import pytest

from inventory.models import Movement, Transfer, TransferLine
from inventory.services import LineQuantity, transfer_create
from tests.api.conftest import DENIED, fields_and_codes, gid, on_hand, row_counts

TRANSFER_RECEIVE = """
mutation Receive($id: ID!, $lines: [TransferReceiveLineInput!]!) {
  transferReceive(id: $id, lines: $lines) {
    transfer { status lines { variant { sku } quantitySent quantityReceived discrepancy discrepancyNote } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def in_transit(stocked, base, cart, staff):
    small, large = stocked
    transfer = transfer_create(
        source=base,
        destination=cart.location,
        lines=[LineQuantity(variant=small, quantity=3), LineQuantity(variant=large, quantity=1)],
        actor=staff,
    )
    return transfer, small, large


def received(small, large, small_quantity=2, large_quantity=1):
    return [
        {
            "variant": gid("ProductVariant", small),
            "quantityReceived": small_quantity,
            "note": "一件破损留在总库",
        },
        {"variant": gid("ProductVariant", large), "quantityReceived": large_quantity},
    ]


def test_staff_receive_a_transfer_with_a_discrepancy(gql, staff_token, in_transit, cart):
    transfer, small, large = in_transit

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large)},
        token=staff_token,
    )

    assert result["data"]["transferReceive"] == {
        "transfer": {
            "status": "RECEIVED",
            "lines": [
                {
                    "variant": {"sku": "YAK-L"},
                    "quantitySent": 1,
                    "quantityReceived": 1,
                    "discrepancy": 0,
                    "discrepancyNote": "",
                },
                {
                    "variant": {"sku": "YAK-S"},
                    "quantitySent": 3,
                    "quantityReceived": 2,
                    "discrepancy": -1,
                    "discrepancyNote": "一件破损留在总库",
                },
            ],
        },
        "errors": [],
    }
    assert (on_hand(small, cart.location), on_hand(large, cart.location)) == (4, 1)


@pytest.mark.parametrize("caller", ["anonymous", "operator"])
def test_transfer_receive_is_refused_to_everyone_but_staff(gql, in_transit, operator_token, caller):
    transfer, small, large = in_transit
    before = row_counts(Movement)

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large)},
        token=operator_token if caller == "operator" else None,
    )

    assert result["data"]["transferReceive"] == {"transfer": None, "errors": DENIED}
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED
    assert row_counts(Movement) == before


def test_a_transfer_cannot_be_received_twice(gql, staff_token, in_transit, cart):
    transfer, small, large = in_transit
    variables = {"id": gid("Transfer", transfer), "lines": received(small, large)}
    gql(TRANSFER_RECEIVE, variables, token=staff_token)
    before = row_counts(Movement)

    result = gql(TRANSFER_RECEIVE, variables, token=staff_token)

    assert fields_and_codes(result["data"]["transferReceive"]) == [("id", "INVALID_STATE")]
    assert row_counts(Movement) == before
    assert on_hand(small, cart.location) == 4


def test_every_line_sent_must_be_answered(gql, staff_token, in_transit):
    transfer, small, large = in_transit
    before = row_counts(Movement)

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large)[:1]},
        token=staff_token,
    )

    assert fields_and_codes(result["data"]["transferReceive"]) == [("lines", "INVALID")]
    assert row_counts(Movement) == before
    assert list(
        TransferLine.objects.filter(transfer=transfer).values_list("quantity_received", flat=True)
    ) == [None, None]


@pytest.mark.parametrize(
    ("field", "variables"),
    [
        ("id", {"id": "VHJhbnNmZXI6MA=="}),
        ("lines", {"lines": [{"variant": "UHJvZHVjdFZhcmlhbnQ6MA==", "quantityReceived": 1}]}),
    ],
)
def test_unknown_ids_are_not_found(gql, staff_token, in_transit, field, variables):
    transfer, small, large = in_transit

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large), **variables},
        token=staff_token,
    )

    assert fields_and_codes(result["data"]["transferReceive"]) == [(field, "NOT_FOUND")]


def test_a_negative_quantity_received_is_refused(gql, staff_token, in_transit):
    transfer, small, large = in_transit

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large, small_quantity=-1)},
        token=staff_token,
    )

    assert fields_and_codes(result["data"]["transferReceive"]) == [("lines", "INVALID")]
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED
