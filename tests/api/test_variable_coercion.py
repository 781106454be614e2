"""The request variables' compiled coercion (api.core.coercion): the same values as graphql-core's
own coercion, and graphql-core's own errors for anything it would refuse."""

import datetime

import pytest
from graphql import parse
from graphql.execution.values import get_variable_values

from api.core.coercion import compiled_variable_values
from api.schema import schema
from orders.models import Order
from tests.api.pos_helpers import DEVICE, POS_SYNC, open_shift, sale

SYNC_DOCUMENT = parse(POS_SYNC)
SHIFT = "U2hpZnQ6MQ=="


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


def a_sale(**changes) -> dict:
    values = {
        "clientUuid": "0b6a3f0e-93a4-4c55-9f2a-2f6f0f1f7d10",
        "shift": SHIFT,
        "deviceTime": "2026-07-01T04:30:00+08:00",
        "receiptNumber": "CHAKA-7F3A-000001",
        "lines": [{"sku": "YAK-S", "quantity": 2, "unitPriceFen": 12800}],
        "payment": {"method": "CASH", "amountFen": 25600, "tenderedFen": 30000},
    }
    return {**values, **changes}


def sync_variables(*sales, **changes) -> dict:
    return {"input": {"cart": "chaka", "deviceId": DEVICE, "sales": list(sales), **changes}}


def both(document, variables):
    """(graphql-core's coercion, the compiled one) of the document's variables."""
    definitions = document.definitions[0].variable_definitions
    graphql_schema = schema.graphql_schema
    return (
        get_variable_values(graphql_schema, definitions, variables),
        compiled_variable_values(graphql_schema, definitions, variables),
    )


@pytest.mark.parametrize(
    "variables",
    [
        sync_variables(a_sale()),
        sync_variables(a_sale(), a_sale(clientUuid="another", receiptNumber="CHAKA-7F3A-000002")),
        sync_variables(),
        # Optional fields given, and given as null.
        sync_variables(
            a_sale(
                lines=[
                    {
                        "sku": "YAK-S",
                        "quantity": 1,
                        "unitPriceFen": 12800,
                        "discountFen": 800,
                        "discountReason": "老顾客",
                    },
                    {
                        "sku": "YAK-L",
                        "quantity": 1,
                        "unitPriceFen": 9900,
                        "discountFen": None,
                        "discountReason": None,
                    },
                ],
                payment={"method": "WECHAT", "amountFen": 21900, "tenderedFen": None},
            ),
            refunds=None,
        ),  # fmt: skip
        # A single value where a list is expected is a list of one.
        sync_variables(a_sale(lines={"sku": "YAK-S", "quantity": 1, "unitPriceFen": 12800})),
        sync_variables(
            a_sale(),
            refunds=[
                {
                    "clientUuid": "r-1",
                    "saleUuid": "s-1",
                    "shift": SHIFT,
                    "deviceTime": "2026-07-01T05:00:00Z",
                    "reason": "退货",
                }
            ],
        ),  # fmt: skip
    ],
)
def test_a_sync_batch_coerces_to_the_same_values_as_graphql_cores(variables):
    expected, compiled = both(SYNC_DOCUMENT, variables)

    assert not isinstance(expected, list), expected
    assert compiled == expected
    sales = compiled["input"].sales
    assert all(type(a) is type(b) for a, b in zip(sales, expected["input"].sales, strict=True))
    if sales:
        assert sales[0].device_time == datetime.datetime(2026, 6, 30, 20, 30, tzinfo=datetime.UTC)
        assert sales[0]["payment"]["method"].value == expected["input"]["sales"][0]["payment"]["method"].value


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"input": None},
        sync_variables({k: v for k, v in a_sale().items() if k != "payment"}),
        sync_variables(a_sale(colour="red")),
        sync_variables(a_sale(payment={"method": "BITCOIN", "amountFen": 25600})),
        sync_variables(a_sale(shift=None)),
        sync_variables("not a sale"),
    ],
)
def test_what_graphql_core_refuses_is_left_to_it(variables):
    expected, compiled = both(SYNC_DOCUMENT, variables)

    assert isinstance(expected, list) and expected  # graphql-core's errors
    assert compiled is None


def test_a_variable_left_out_takes_the_operation_s_default():
    document = parse('query Q($cart: String = "chaka", $device: String) { __typename }')

    expected, compiled = both(document, {})

    assert compiled == expected == {"cart": "chaka"}


def test_a_sale_with_a_field_missing_gets_graphql_cores_message_and_nothing_is_written(
    gql, operator_token, shift
):
    incomplete = {k: v for k, v in sale(shift, 1).items() if k != "payment"}

    result = gql(POS_SYNC, sync_variables(incomplete), token=operator_token)

    assert result.status == 400
    [error] = result["errors"]
    assert error["message"].endswith(
        "at 'input.sales[0]'; Field 'payment' of required type 'PosPaymentInput!' was not provided."
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


def test_a_device_time_that_does_not_parse_rejects_only_its_sale(gql, operator_token, shift):
    wrong = sale(shift, 1)
    wrong["deviceTime"] = "yesterday"

    result = gql(POS_SYNC, sync_variables(wrong, sale(shift, 2)), token=operator_token)

    results = result["data"]["posSyncSales"]["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("REJECTED", "device time missing"),
        ("RECORDED", None),
    ]
    assert Order.objects.count() == 1


def test_a_well_formed_batch_is_recorded_through_the_compiled_path(gql, operator_token, shift):
    result = gql(POS_SYNC, sync_variables(sale(shift, 1), sale(shift, 2)), token=operator_token)

    payload = result["data"]["posSyncSales"]
    assert [r["status"] for r in payload["results"]] == ["RECORDED", "RECORDED"]
    assert Order.objects.count() == 2


@pytest.mark.parametrize(
    "device_time",
    [
        "2026-07-01T04:30:00.250+08:00",
        "20260701T043000Z",
        "2026-07-01 04:30:00+08:00",
        "2026-07-01T04:30",
        "2026-07-01T04:30:00,5Z",
        "2026-W27-3T04:30:00Z",
        "2026-07-01T24:00:00Z",  # the standard library's parser refuses it: graphene's reads it
        "2026-182",
        "2026-07-01T04:30:00-03",
    ],
)
def test_a_device_time_in_any_iso_8601_form_reads_as_graphql_core_reads_it(device_time):
    expected, compiled = both(SYNC_DOCUMENT, sync_variables(a_sale(deviceTime=device_time)))

    assert not isinstance(expected, list), expected
    expected_time = expected["input"].sales[0].device_time
    compiled_time = compiled["input"].sales[0].device_time
    assert compiled_time == expected_time
    assert compiled_time.utcoffset() == expected_time.utcoffset()
