"""posSyncSales with shifts made on the tablet (docs/pos.md, "Shifts made on the tablet"): opened and
closed offline under the tablet's UUID, taken once, sales naming them by it, and the tablet's Z report
compared with the server's, every difference kept."""

import datetime
import uuid

import pytest

from api.core.tokens import token_for
from carts.models import PosSale, Shift
from orders.models import Order
from tests import factories
from tests.api.conftest import DENIED, gid, row_counts
from tests.api.pos_helpers import DEVICE, SALE_TIME, sale

pytestmark = pytest.mark.usefixtures("stocked")

QUERY = """
mutation Sync($input: PosSyncInput!) {
  posSyncSales(input: $input) {
    results { clientUuid status flags reason }
    shiftResults {
      clientUuid status reason
      shift { status openedAt closedAt openingCashFen countedCashFen flags
              zReport { salesCount netFen expectedCashFen varianceFen }
              zDifferences { field device server } }
    }
    errors { field code message }
  }
}
"""
OPENED = SALE_TIME - datetime.timedelta(hours=1)
CLOSED = SALE_TIME + datetime.timedelta(hours=8)


def methods(cash=(0, 0), wechat=(0, 0)):
    return [
        {"method": "CASH", "amountFen": cash[0], "count": cash[1]},
        {"method": "WECHAT", "amountFen": wechat[0], "count": wechat[1]},
        {"method": "ALIPAY", "amountFen": 0, "count": 0},
        {"method": "CARD", "amountFen": 0, "count": 0},
    ]


def device_z(*, sales=2, net=25600, cash=(12800, 1), wechat=(12800, 1), counted=62000, opening=50000):
    expected = opening + cash[0]
    return {
        "salesCount": sales,
        "grossFen": net,
        "discountFen": 0,
        "netFen": net,
        "refundsCount": 0,
        "refundsFen": 0,
        "totalsByMethod": methods(cash, wechat),
        "refundsByMethod": methods(),
        "openingCashFen": opening,
        "expectedCashFen": expected,
        "countedCashFen": counted,
        "varianceFen": counted - expected,
    }


def shift_input(shift_uuid, *, closed=True, z=None, opening=50000, operator="op-chaka", **times):
    data = {
        "clientUuid": shift_uuid,
        "operator": operator,
        "openedAt": times.get("opened_at", OPENED).isoformat(),
        "openingCashFen": opening,
    }
    if closed:
        data |= {
            "closedAt": times.get("closed_at", CLOSED).isoformat(),
            "countedCashFen": 62000,
            "zReport": z or device_z(),
        }
    return data


def run(gql, token, *, shifts, sales=(), cart="chaka"):
    variables = {"input": {"cart": cart, "deviceId": DEVICE, "sales": list(sales), "shifts": shifts}}
    result = gql(QUERY, variables, token=token)
    assert "errors" not in result, result
    return result["data"]["posSyncSales"]


def test_a_shift_opened_sold_in_and_closed_offline_is_recorded_once_and_the_z_reports_agree(
    gql, operator, operator_token
):
    shift_uuid = str(uuid.uuid4())
    sales = [sale(shift_uuid, 1), sale(shift_uuid, 2, method="WECHAT")]
    batch = {"shifts": [shift_input(shift_uuid, closed=False), shift_input(shift_uuid)], "sales": sales}

    payload = run(gql, operator_token, **batch)

    assert [(r["status"], r["flags"]) for r in payload["results"]] == [("RECORDED", []), ("RECORDED", [])]
    first, second = payload["shiftResults"]
    assert (first["status"], second["status"]) == ("RECORDED", "RECORDED")
    assert second["shift"] == {
        "status": "closed",
        "openedAt": "2026-07-01T03:30:00+00:00",
        "closedAt": "2026-07-01T12:30:00+00:00",
        "openingCashFen": 50000,
        "countedCashFen": 62000,
        "flags": [],
        "zReport": {"salesCount": 2, "netFen": 25600, "expectedCashFen": 62800, "varianceFen": -800},
        "zDifferences": [],
    }
    shift = Shift.objects.get()
    assert (str(shift.client_uuid), shift.operator, shift.closed_by, shift.device_id) == (
        shift_uuid,
        operator,
        operator.user,
        DEVICE,
    )

    # The same batch again (the answer was lost): nothing new.
    again = run(gql, operator_token, **batch)

    assert [r["status"] for r in again["results"]] == ["DUPLICATE", "DUPLICATE"]
    assert [r["status"] for r in again["shiftResults"]] == ["DUPLICATE", "DUPLICATE"]
    assert row_counts(Shift, PosSale, Order) == {"Shift": 1, "PosSale": 2, "Order": 2}


def test_every_figure_where_the_tablets_z_report_differs_is_kept_and_shown(gql, operator, operator_token):
    shift_uuid = str(uuid.uuid4())
    # The tablet counted a third cash sale the server refuses (an unknown SKU).
    sales = [
        sale(shift_uuid, 1),
        sale(shift_uuid, 2, method="WECHAT"),
        sale(shift_uuid, 3, lines=[("NOPE", 1, 100)]),
    ]
    z = device_z(sales=3, net=25700, cash=(12900, 2))

    payload = run(gql, operator_token, shifts=[shift_input(shift_uuid, z=z)], sales=sales)

    assert [r["status"] for r in payload["results"]] == ["RECORDED", "RECORDED", "REJECTED"]
    differences = [
        {"field": "salesCount", "device": 3, "server": 2},
        {"field": "grossFen", "device": 25700, "server": 25600},
        {"field": "netFen", "device": 25700, "server": 25600},
        {"field": "expectedCashFen", "device": 62900, "server": 62800},
        {"field": "varianceFen", "device": -900, "server": -800},
        {"field": "totalsByMethod.CASH.amountFen", "device": 12900, "server": 12800},
        {"field": "totalsByMethod.CASH.count", "device": 2, "server": 1},
    ]
    assert payload["shiftResults"][0]["shift"]["zDifferences"] == differences
    assert Shift.objects.get().z_differences == differences


def test_device_times_are_claims_a_clock_ahead_is_taken_as_the_servers(
    gql, operator, operator_token, time_machine
):
    time_machine.move_to(SALE_TIME + datetime.timedelta(hours=2), tick=False)
    shift_uuid = str(uuid.uuid4())
    ahead = SALE_TIME + datetime.timedelta(days=3)

    payload = run(gql, operator_token, shifts=[shift_input(shift_uuid, opened_at=OPENED, closed_at=ahead)])

    shift = payload["shiftResults"][0]["shift"]
    assert (shift["closedAt"], shift["flags"]) == ("2026-07-01T06:30:00+00:00", ["device_time_adjusted"])
    assert Shift.objects.get().device_closed_at == ahead


def test_a_shift_closed_and_the_next_opened_on_the_same_tablet_in_one_batch(gql, operator, operator_token):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    z = device_z(sales=1, net=12800, cash=(12800, 1), wechat=(0, 0))
    shifts = [shift_input(first, z=z), shift_input(second, closed=False, opened_at=CLOSED)]

    payload = run(
        gql, operator_token, shifts=shifts, sales=[sale(first, 1), sale(second, 2, device_time=CLOSED)]
    )

    assert [r["status"] for r in payload["shiftResults"]] == ["RECORDED", "RECORDED"]
    assert [r["flags"] for r in payload["results"]] == [[], []]
    assert list(Shift.objects.order_by("opened_at").values_list("status", flat=True)) == ["closed", "open"]
    assert payload["shiftResults"][0]["shift"]["zDifferences"] == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"openingCashFen": 10_000_001}, "cash out of range"),
        ({"openingCashFen": -1}, "cash out of range"),
        ({"countedCashFen": 2.5}, "cash out of range"),
        ({"operator": "nobody"}, "operator unknown or not of this cart"),
        ({"clientUuid": "not-a-uuid"}, "malformed shift UUID"),
        ({"openedAt": "yesterday"}, "device time missing"),
        ({"closedAt": None}, "closing time and counted cash go together"),
    ],
)
def test_a_malformed_shift_is_rejected_alone_and_nothing_of_it_is_written(
    gql, operator, operator_token, change, reason
):
    shift_uuid = str(uuid.uuid4())
    shift = shift_input(shift_uuid) | change

    payload = run(gql, operator_token, shifts=[shift], sales=[sale(shift_uuid, 1)])

    assert payload["shiftResults"] == [
        {"clientUuid": shift["clientUuid"], "status": "REJECTED", "reason": reason, "shift": None}
    ]
    assert payload["results"][0]["reason"] == "shift unknown or of another cart"
    assert row_counts(Shift, PosSale, Order) == {"Shift": 0, "PosSale": 0, "Order": 0}


def test_another_carts_operator_is_refused_and_nothing_is_written(gql, operator, other_cart):
    stranger = factories.OperatorFactory(user__username="op-feicui", carts=[other_cart])
    shift_uuid = str(uuid.uuid4())
    variables = {
        "input": {"cart": "chaka", "deviceId": DEVICE, "sales": [], "shifts": [shift_input(shift_uuid)]}
    }

    payload = gql(QUERY, variables, token=token_for(stranger.user))["data"]["posSyncSales"]

    assert (payload["errors"], payload["shiftResults"]) == (DENIED, [])
    assert row_counts(Shift) == {"Shift": 0}


def test_the_same_shift_uuid_at_another_cart_is_rejected(gql, operator, operator_token, other_cart):
    shift_uuid = str(uuid.uuid4())
    run(gql, operator_token, shifts=[shift_input(shift_uuid, closed=False)])
    other = factories.OperatorFactory(user__username="op-feicui", carts=[other_cart])
    variables = {
        "input": {
            "cart": other_cart.code,
            "deviceId": DEVICE,
            "sales": [],
            "shifts": [shift_input(shift_uuid, operator="op-feicui")],
        }
    }

    payload = gql(QUERY, variables, token=token_for(other.user))["data"]["posSyncSales"]

    assert payload["shiftResults"][0]["reason"] == "shift UUID already used at another cart"
    assert row_counts(Shift) == {"Shift": 1}


@pytest.mark.parametrize(
    ("pieces", "differences"),
    [
        ([{"sku": "YAK-S", "quantity": 2, "amountFen": 25600}], []),
        (
            [{"sku": "YAK-S", "quantity": 3, "amountFen": 25600}],
            [{"field": "pieces.YAK-S.quantity", "device": 3, "server": 2}],
        ),
    ],
)
def test_the_pieces_sold_are_compared_too(gql, operator, operator_token, pieces, differences):
    shift_uuid = str(uuid.uuid4())
    z = device_z() | {"pieces": pieces}
    sales = [sale(shift_uuid, 1), sale(shift_uuid, 2, method="WECHAT")]

    payload = run(gql, operator_token, shifts=[shift_input(shift_uuid, z=z)], sales=sales)

    assert payload["shiftResults"][0]["shift"]["zDifferences"] == differences
    pieces_query = (
        "query($id: ID!) { shift(id: $id) { zReport { pieces { sku productName quantity amountFen } } } }"
    )
    result = gql(pieces_query, {"id": gid("Shift", Shift.objects.get())}, token=operator_token)
    assert result["data"]["shift"]["zReport"]["pieces"] == [
        {"sku": "YAK-S", "productName": "毡制牦牛", "quantity": 2, "amountFen": 25600}
    ]
