"""Date-times sent to the API are read by graphene's DateTime and by nothing else: what it refuses
graphql-core refuses with its own error, and ISO 8601 forms it reads are taken as it reads them.
posSyncSales' sale time (PosDeviceTime) reads exactly the same forms; one DateTime refuses rejects
only its own sale."""

import datetime
import uuid

import graphene
import pytest
from graphql import graphql_sync
from hypothesis import given
from hypothesis import strategies as st

from api.pos.inputs import PosDeviceTime
from api.schema import schema
from carts.models import PosRefund, PosSale
from orders.models import Order
from tests.api.conftest import gid
from tests.api.pos_helpers import DEVICE, POS_SYNC, open_shift, sale, sync

# Read by Python's datetime.fromisoformat, refused by graphene's DateTime (dateutil's isoparse).
REFUSED = [
    "2026-07-01T04:30:00 +08:00",
    "2026-07-01T04:30:00 Z",
    "2026-07-01T04:30:00+08:00:00",
    "2026-07-01T04:30:00.+08:00",
]
UTC = datetime.UTC
# ISO 8601 forms and the instant each names.
ACCEPTED = {
    "2026-07-01T13:00:00+08:00": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
    "2026-07-01T05:00:00Z": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
    "20260701T050000Z": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
    "2026-07-01 13:00:00.250+08:00": datetime.datetime(2026, 7, 1, 5, 0, 0, 250000, tzinfo=UTC),
    "2026-07-01T05:00:00,5Z": datetime.datetime(2026, 7, 1, 5, 0, 0, 500000, tzinfo=UTC),
    "2026-07-01T13:00:00+0800": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
    "2026-07-01T02:00:00-03": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
    "2026-W27-3T05:00:00Z": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
    "2026-182T05:00Z": datetime.datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
}


@pytest.fixture
def shift(cart, operator, stocked):
    return open_shift(cart, operator)


def refund_of(sold: dict, shift, device_time: str) -> dict:
    return {
        "clientUuid": str(uuid.uuid4()),
        "saleUuid": sold["clientUuid"],
        "shift": gid("Shift", shift),
        "deviceTime": device_time,
        "reason": "顾客改变主意",
    }


@pytest.mark.parametrize("device_time", REFUSED)
def test_a_date_time_graphene_refuses_refuses_the_request_with_graphql_cores_error(
    gql, operator_token, shift, device_time
):
    # given: a batch with a good sale and a refund whose DateTime graphene does not read
    variables = {
        "input": {
            "cart": "chaka",
            "deviceId": DEVICE,
            "sales": [sale(shift, 1)],
            "refunds": [refund_of(sale(shift, 2), shift, device_time)],
        }
    }

    # when
    result = gql(POS_SYNC, variables, token=operator_token)

    # then: graphql-core's own refusal, word for word, and nothing recorded
    library = graphql_sync(schema.graphql_schema, POS_SYNC, variable_values=variables)
    assert result.status == 400
    assert result["errors"] == [error.formatted for error in library.errors]
    assert result["errors"] == [
        {
            "message": f"Variable '$input' got invalid value '{device_time}'"
            f" at 'input.refunds[0].deviceTime'; DateTime cannot represent value: '{device_time}'",
            "locations": [{"line": 2, "column": 15}],
        }
    ]
    assert (Order.objects.count(), PosSale.objects.count(), PosRefund.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(("device_time", "instant"), ACCEPTED.items())
def test_an_iso_8601_date_time_is_read_as_graphene_reads_it(gql, operator_token, shift, device_time, instant):
    sold = sale(shift, 1)
    sync(gql, operator_token, [sold])

    payload = sync(gql, operator_token, [], refunds=[refund_of(sold, shift, device_time)])

    assert [r["status"] for r in payload["results"]] == ["RECORDED"]
    assert PosRefund.objects.get().device_time == instant == graphene.DateTime.parse_value(device_time)


@pytest.mark.parametrize("device_time", REFUSED)
def test_a_sale_time_graphene_refuses_rejects_only_its_own_sale(gql, operator_token, shift, device_time):
    wrong = sale(shift, 1)
    wrong["deviceTime"] = device_time

    payload = sync(gql, operator_token, [wrong, sale(shift, 2)])

    assert [(r["status"], r["reason"]) for r in payload["results"]] == [
        ("REJECTED", "device time missing"),
        ("RECORDED", None),
    ]
    assert list(Order.objects.values_list("number", flat=True)) == ["C-CHAKA-7F3A-000002"]


@pytest.mark.parametrize(("device_time", "instant"), ACCEPTED.items())
def test_a_sale_time_in_an_iso_8601_form_is_read_as_graphene_reads_it(
    gql, operator_token, shift, device_time, instant
):
    sent = sale(shift, 1)
    sent["deviceTime"] = device_time

    payload = sync(gql, operator_token, [sent])

    assert [r["status"] for r in payload["results"]] == ["RECORDED"]
    assert PosSale.objects.get().device_time == instant


# Text shaped like ISO 8601 date-times, with the separators and offsets either parser may balk at.
ISO_LIKE = st.from_regex(
    r"\A\d{4}(-?\d{2}(-?\d{2})?|-?W\d{2}(-?\d)?|-?\d{3})"
    r"([T t]\d{2}(:?\d{2}(:?\d{2}([.,]\d{0,9})?)?)?)?"
    r"( ?([Zz]|[+-]\d{2}(:?\d{2}(:?\d{2})?)?))?\Z",
    fullmatch=True,
)


@given(st.one_of(ISO_LIKE, st.text(max_size=40)))
def test_a_sale_time_reads_what_graphenes_date_time_reads_and_nothing_else(text):
    try:
        expected = graphene.DateTime.parse_value(text)
    except Exception:
        expected = None

    read = PosDeviceTime.parse_value(text)

    assert read == expected
    if read is not None:
        assert (read.tzinfo, read.utcoffset()) == (expected.tzinfo, expected.utcoffset())
