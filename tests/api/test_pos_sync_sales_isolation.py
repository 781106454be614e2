"""posSyncSales takes each sale on its own: a sale whose numbers overflow the database's integers,
whose text is not valid Unicode or holds a NUL, or that is malformed otherwise is rejected alone,
and the rest of its batch is recorded. Property: any mix of valid and invalid sales records exactly
the valid ones."""

import itertools
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carts.models import PosRejectedSale, PosSale
from orders.models import Order
from tests.api.pos_helpers import POS_SYNC, open_shift, sale, stock_cart

pytestmark = pytest.mark.django_db

# Each poison turns a good sale into one the server must reject, alone.
POISONS = {
    "quantity beyond 32 bits": lambda s: s["lines"][0].update(quantity=2**40),
    "quantity out of range": lambda s: s["lines"][0].update(quantity=10_001),
    "line total overflows": lambda s: s["lines"][0].update(quantity=10_000, unitPriceFen=300_000),
    "unit price overflows": lambda s: s["lines"][0].update(unitPriceFen=2**31),
    "order total overflows": lambda s: s["lines"].extend(
        [{"sku": "YAK-S", "quantity": 9_000, "unitPriceFen": 200_000}] * 2
    ),
    "tendered overflows": lambda s: s["payment"].update(tenderedFen=2**31),
    "NUL in the receipt number": lambda s: s.update(receiptNumber="CHAKA-\x00-1"),
    "lone surrogate in the receipt number": lambda s: s.update(receiptNumber="CHAKA-\ud83d-1"),
    "lone surrogate in a discount reason": lambda s: s["lines"][0].update(
        discountFen=100, discountReason="\ud83d"
    ),
    "NUL in a SKU": lambda s: s["lines"][0].update(sku="YAK\x00S"),
    "lone surrogate in a SKU": lambda s: s["lines"][0].update(sku="YAK-\udc00"),
    "lone surrogate in the client UUID": lambda s: s.update(clientUuid="\ud83d"),
    "unknown SKU": lambda s: s["lines"][0].update(sku="NOPE"),
    "amount not the total": lambda s: s["payment"].update(amountFen=1),
    "device time that does not parse": lambda s: s.update(deviceTime="the day before yesterday"),
    "device time past the calendar": lambda s: s.update(deviceTime="0001-01-01T00:00:00+05:00"),
    "receipt number too long": lambda s: s.update(receiptNumber="R" * 41),
}


RECEIPTS = itertools.count(1, 10)  # receipt numbers of one batch never clash with another's


@pytest.fixture
def shift(cart, operator, stocked, staff):
    stock_cart(cart, list(stocked), 5000, actor=staff)
    return open_shift(cart, operator)


def _batch(shift, plan: list[str | None], start: int) -> list[dict]:
    sales = []
    for offset, poison in enumerate(plan):
        made = sale(shift, start + offset, client_uuid=str(uuid.uuid4()))
        if poison is not None:
            POISONS[poison](made)
        sales.append(made)
    return sales


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=st.lists(st.one_of(st.none(), st.sampled_from(sorted(POISONS))), min_size=1, max_size=8))
def test_any_mix_of_valid_and_invalid_sales_records_exactly_the_valid_ones(gql, operator_token, shift, plan):
    # given: a batch mixing good sales (None) and poisoned ones, numbered after everything so far
    sales = _batch(shift, plan, next(RECEIPTS))
    before = Order.objects.count()

    # when
    result = gql(
        POS_SYNC, {"input": {"cart": "chaka", "deviceId": "TAB-7F3A", "sales": sales}}, token=operator_token
    )

    # then: one answer per sale, the batch itself never refused
    assert result.status == 200 and "errors" not in result, result
    results = result["data"]["posSyncSales"]["results"]
    assert result["data"]["posSyncSales"]["errors"] == []
    assert [r["status"] == "REJECTED" for r in results] == [poison is not None for poison in plan]
    # and exactly the good sales are recorded
    good = [s["clientUuid"] for s, poison in zip(sales, plan, strict=True) if poison is None]
    recorded = {
        str(u) for u in PosSale.objects.filter(client_uuid__in=good).values_list("client_uuid", flat=True)
    }
    assert recorded == set(good)
    assert Order.objects.count() == before + len(good)


def test_a_batch_with_a_poisoned_sale_keeps_it_for_staff_with_its_reason(gql, operator_token, shift):
    # given: a good sale and one whose order total overflows (the batch that once failed whole)
    sales = _batch(shift, [None, "order total overflows"], 1)

    # when
    result = gql(
        POS_SYNC, {"input": {"cart": "chaka", "deviceId": "TAB-7F3A", "sales": sales}}, token=operator_token
    )

    # then
    results = result["data"]["posSyncSales"]["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("RECORDED", None),
        ("REJECTED", "amount out of range (YAK-S)"),
    ]
    [kept] = PosRejectedSale.objects.all()
    assert (kept.client_uuid, kept.reason, kept.device_id) == (
        sales[1]["clientUuid"],
        "amount out of range (YAK-S)",
        "TAB-7F3A",
    )
    assert [line["quantity"] for line in kept.sale["lines"]] == [1, 9000, 9000]
