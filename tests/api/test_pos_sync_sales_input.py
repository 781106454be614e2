"""posSyncSales' typed input goes through graphql-core's own coercion: a batch graphql-core refuses is
refused whole with its message, while a number or a device time the POS scalars take as sent rejects
only its own sale."""

import pytest
from graphql import graphql_sync

from api.schema import schema
from orders.models import Order
from tests.api.pos_helpers import DEVICE, POS_SYNC, open_shift, sale


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


def sync_variables(*sales) -> dict:
    return {"input": {"cart": "chaka", "deviceId": DEVICE, "sales": list(sales)}}


def test_a_sale_with_a_field_missing_gets_graphql_cores_message_and_nothing_is_written(
    gql, operator_token, shift
):
    incomplete = {k: v for k, v in sale(shift, 1).items() if k != "payment"}

    result = gql(POS_SYNC, sync_variables(incomplete), token=operator_token)

    library = graphql_sync(schema.graphql_schema, POS_SYNC, variable_values=sync_variables(incomplete))
    assert result.status == 400
    assert result["errors"] == [error.formatted for error in library.errors]
    [error] = result["errors"]
    assert error["message"].endswith(
        "at 'input.sales[0]'; Field 'payment' of required type 'PosPaymentInput!' was not provided."
    )
    assert Order.objects.count() == 0


def test_a_sale_with_a_field_the_type_lacks_is_refused_whole(gql, operator_token, shift):
    coloured = {**sale(shift, 1), "colour": "red"}

    result = gql(POS_SYNC, sync_variables(coloured, sale(shift, 2)), token=operator_token)

    assert result.status == 400
    [error] = result["errors"]
    assert error["message"].endswith(
        "at 'input.sales[0]'; Field 'colour' is not defined by type 'PosSaleInput'."
    )
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"quantity": "two"}, "quantity < 1 (YAK-S)"),
        ({"quantity": 2**40}, "quantity out of range (YAK-S)"),
        ({"unitPriceFen": 2**31}, "amount out of range (YAK-S)"),
        ({"unitPriceFen": 1.5}, "unit price < 0 (YAK-S)"),
    ],
)
def test_a_number_graphql_s_int_would_refuse_rejects_only_its_sale(
    gql, operator_token, shift, change, reason
):
    # given: a good sale, and one whose number is not a 32-bit whole number
    wrong = sale(shift, 1)
    wrong["lines"][0].update(change)

    # when
    result = gql(POS_SYNC, sync_variables(wrong, sale(shift, 2)), token=operator_token)

    # then: the batch is answered, the bad sale alone rejected
    results = result["data"]["posSyncSales"]["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("REJECTED", reason), ("RECORDED", None)]
    assert list(Order.objects.values_list("number", flat=True)) == ["C-CHAKA-7F3A-000002"]
