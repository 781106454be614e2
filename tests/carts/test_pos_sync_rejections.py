"""A malformed sale is rejected with its reason and writes nothing; the rest of its batch is recorded."""

import dataclasses

import pytest

from carts.services import SyncStatus, pos_sync, shift_open
from tests import factories
from tests.carts.pos import DEVICE, line, sale, snapshot

pytestmark = pytest.mark.django_db


def bad_sales(stocked, shift, other_shift):
    robe, scarf = stocked["robe"], stocked["scarf"]
    good = sale(1, shift, line(scarf))
    return {
        "malformed client UUID": dataclasses.replace(good, client_uuid="not-a-uuid"),
        "shift unknown or of another cart": sale(1, other_shift, line(scarf)),
        "shift unknown or of another cart (no such shift)": sale(1, 999999, line(scarf)),
        "device time missing": dataclasses.replace(good, device_time=None),
        "receipt number missing or too long": sale(1, shift, line(scarf), receipt="C" * 41),
        "receipt number missing or too long (blank)": dataclasses.replace(good, receipt_number="  "),
        "unknown payment method": sale(1, shift, line(scarf), method="bitcoin"),
        "no lines": sale(1, shift),
        "unknown SKU (NO-SUCH)": sale(1, shift, dataclasses.replace(line(scarf), sku="NO-SUCH")),
        "quantity < 1 (SCARF-BLUE)": sale(1, shift, line(robe), line(scarf, 0)),
        "unit price < 0 (SCARF-BLUE)": sale(1, shift, line(scarf, unit_price_fen=-1)),
        "discount out of range (SCARF-BLUE)": sale(1, shift, line(scarf, 2, discount_fen=13201)),
        "discount out of range (SCARF-BLUE) (negative)": sale(1, shift, line(scarf, discount_fen=-100)),
        "discount reason too long (SCARF-BLUE)": sale(
            1, shift, line(scarf, discount_fen=100, discount_reason="贵" * 201)
        ),
        "amount ≠ total (6500 ≠ 6600)": sale(1, shift, line(scarf), amount_fen=6500),
        "tendered < amount": sale(1, shift, line(scarf), tendered_fen=5000),
    }


@pytest.mark.parametrize(
    "case",
    [
        "malformed client UUID",
        "shift unknown or of another cart",
        "shift unknown or of another cart (no such shift)",
        "device time missing",
        "receipt number missing or too long",
        "receipt number missing or too long (blank)",
        "unknown payment method",
        "no lines",
        "unknown SKU (NO-SUCH)",
        "quantity < 1 (SCARF-BLUE)",
        "unit price < 0 (SCARF-BLUE)",
        "discount out of range (SCARF-BLUE)",
        "discount out of range (SCARF-BLUE) (negative)",
        "discount reason too long (SCARF-BLUE)",
        "amount ≠ total (6500 ≠ 6600)",
        "tendered < amount",
    ],
)
def test_a_malformed_sale_is_rejected_with_its_reason_and_writes_nothing(
    case, cart, other_cart, stocked, shift, operator
):
    # given
    other_operator = factories.OperatorFactory(carts=[other_cart])
    other_shift = shift_open(
        cart=other_cart, operator=other_operator, device_id="tablet-0001", opening_cash_fen=0
    )
    bad = bad_sales(stocked, shift, other_shift)[case]
    before = snapshot()

    # when
    [result] = pos_sync(cart=cart, device_id=DEVICE, sales=[bad], actor=operator.user)

    # then
    reason = case.removesuffix(" (no such shift)").removesuffix(" (blank)").removesuffix(" (negative)")
    assert (result.client_uuid, result.status, result.reason, result.flags) == (
        str(bad.client_uuid),
        SyncStatus.REJECTED,
        reason,
        (),
    )
    assert (result.order_number, result.receipt_number) == (None, None)
    assert snapshot() == before


def test_a_rejected_sale_does_not_fail_its_batch(cart, stocked, shift, operator):
    # given
    scarf = stocked["scarf"]
    batch = [
        sale(1, shift, line(scarf)),
        sale(2, shift, line(scarf), amount_fen=1),
        sale(3, shift, line(scarf)),
    ]

    # when
    results = pos_sync(cart=cart, device_id=DEVICE, sales=batch, actor=operator.user)

    # then
    assert [(r.status, r.order_number) for r in results] == [
        (SyncStatus.RECORDED, "C-CHAKA-7F3A-000001"),
        (SyncStatus.REJECTED, None),
        (SyncStatus.RECORDED, "C-CHAKA-7F3A-000003"),
    ]


def test_a_uuid_sent_twice_in_a_batch_after_a_rejection_is_rejected_again(cart, stocked, shift, operator):
    # given: the first copy is malformed; the second copy must not read "duplicate" (the tablet would
    # drop a sale the server never recorded)
    bad = sale(1, shift, line(stocked["scarf"]), amount_fen=1)

    # when
    results = pos_sync(cart=cart, device_id=DEVICE, sales=[bad, bad], actor=operator.user)

    # then
    assert [(r.status, r.reason) for r in results] == [(SyncStatus.REJECTED, "amount ≠ total (1 ≠ 6600)")] * 2


def test_a_uuid_recorded_at_another_cart_is_rejected(cart, other_cart, stocked, shift, operator):
    # given: a sale recorded at the Emerald Lake cart
    other_operator = factories.OperatorFactory(carts=[other_cart])
    other_shift = shift_open(
        cart=other_cart, operator=other_operator, device_id="tablet-0001", opening_cash_fen=0
    )
    pos_sync(
        cart=other_cart,
        device_id="tablet-0001",
        sales=[sale(1, other_shift, line(stocked["scarf"]))],
        actor=None,
    )
    before = snapshot()

    # when: the same UUID comes from Chaka
    [result] = pos_sync(
        cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(stocked["scarf"]))], actor=None
    )

    # then
    assert (result.status, result.reason) == (SyncStatus.REJECTED, "client UUID already used at another cart")
    assert snapshot() == before
