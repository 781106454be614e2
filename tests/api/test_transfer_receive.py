import pytest

from api.core.tokens import token_for
from inventory.models import Movement, Transfer, TransferLine
from inventory.services import LineQuantity, transfer_create
from tests import factories
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


def test_the_operator_of_the_destination_cart_receives_it_on_her_tablet(
    gql, operator_token, in_transit, cart
):
    transfer, small, large = in_transit

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large)},
        token=operator_token,
    )

    assert result["data"]["transferReceive"]["errors"] == []
    assert result["data"]["transferReceive"]["transfer"]["status"] == "RECEIVED"
    assert (on_hand(small, cart.location), on_hand(large, cart.location)) == (4, 1)
    assert Movement.objects.filter(transfer=transfer, location=cart.location).count() == 2


@pytest.fixture
def other_operator_token(other_cart):
    return token_for(factories.OperatorFactory(user__username="op-feicui", carts=[other_cart]).user)


@pytest.mark.parametrize("caller", ["anonymous", "artisan", "other_operator"])
def test_transfer_receive_is_refused_to_all_but_staff_and_the_destination_operator(
    gql, in_transit, request, caller
):
    transfer, small, large = in_transit
    token = None if caller == "anonymous" else request.getfixturevalue(f"{caller}_token")
    before = row_counts(Movement)

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large)},
        token=token,
    )

    assert result["data"]["transferReceive"] == {"transfer": None, "errors": DENIED}
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED
    assert row_counts(Movement) == before


def test_an_operator_is_refused_an_unknown_transfer_like_anyone_elses(gql, operator_token, in_transit):
    transfer, small, large = in_transit

    result = gql(
        TRANSFER_RECEIVE,
        {"id": "VHJhbnNmZXI6MA==", "lines": received(small, large)},
        token=operator_token,
    )

    assert result["data"]["transferReceive"] == {"transfer": None, "errors": DENIED}


def test_an_operator_s_bad_input_is_a_typed_error_and_writes_nothing(gql, operator_token, in_transit):
    transfer, small, large = in_transit
    before = row_counts(Movement)

    result = gql(
        TRANSFER_RECEIVE,
        {"id": gid("Transfer", transfer), "lines": received(small, large, small_quantity=-1)},
        token=operator_token,
    )

    assert fields_and_codes(result["data"]["transferReceive"]) == [("lines", "INVALID")]
    assert row_counts(Movement) == before
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED


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
