"""pos_sync's plausibility rules (carts.services.sync_policy): which sales are held, at the edges of
each tolerance, and that a held sale is recorded all the same."""

import datetime

import pytest
from django.utils import timezone

from carts.services import SyncStatus, pos_sync
from orders.models import Order, OrderHold
from tests.carts.pos import DEVICE, line, sale, statuses

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def _held(results) -> dict[str, list[str]]:
    numbers = [result.order_number for result in results]
    return {
        hold.order.number: hold.reasons
        for hold in OrderHold.objects.filter(order__number__in=numbers).select_related("order")
    }


def test_a_device_time_within_the_tolerance_of_its_shift_is_not_held(cart, stocked, shift, operator):
    # given: the shift opened two hours ago; 15 minutes either side is tolerated
    opened, now = shift.opened_at, timezone.now()
    sales = [
        sale(1, shift, line(stocked["scarf"]), at=opened - 14 * MINUTE),
        sale(2, shift, line(stocked["scarf"]), at=opened - 16 * MINUTE),
        sale(3, shift, line(stocked["scarf"]), at=now + 14 * MINUTE),
        sale(4, shift, line(stocked["scarf"]), at=now + 16 * MINUTE),
    ]

    # when
    results = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then: only the two beyond it are held, and every sale is recorded
    assert [r.flags for r in results] == [
        (),
        ("device_time_outside_shift",),
        (),
        ("device_time_outside_shift",),
    ]
    assert _held(results) == {
        "C-CHAKA-7F3A-000002": ["device_time_outside_shift"],
        "C-CHAKA-7F3A-000004": ["device_time_outside_shift"],
    }
    assert Order.objects.count() == 4


def test_a_shortfall_within_two_pieces_is_flagged_but_not_held(cart, stocked, shift, operator):
    # given: the books say two robes at the cart
    robe = stocked["robe"]

    # when: four robes (two short), then three more (three short)
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(robe, 4)), sale(2, shift, line(robe, 3))],
        actor=operator.user,
    )

    # then
    assert statuses(results) == [
        (SyncStatus.RECORDED_WITH_FLAGS, ("negative_stock",), None),
        (SyncStatus.RECORDED_WITH_FLAGS, ("negative_stock", "quantity_over_stock"), None),
    ]
    assert _held(results) == {"C-CHAKA-7F3A-000002": ["quantity_over_stock"]}


def test_the_discount_policy(cart, stocked, shift, operator):
    # given: the scarf lists at ¥66.00
    scarf = stocked["scarf"]
    sales = [
        sale(1, shift, line(scarf, discount_fen=660)),  # 10 %, no reason: within the policy
        sale(2, shift, line(scarf, discount_fen=700)),  # 10.6 %, no reason
        sale(3, shift, line(scarf, discount_fen=1980, discount_reason="有瑕疵")),  # 30 %, a reason
        sale(4, shift, line(scarf, discount_fen=2000, discount_reason="有瑕疵")),  # 30.3 %
        sale(5, shift, line(scarf, discount_fen=6600)),  # all of it, no reason
    ]

    # when
    results = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then
    assert [r.flags for r in results] == [
        (),
        ("discount_without_reason",),
        (),
        ("discount_over_policy",),
        ("discount_over_policy",),
    ]
    assert sorted(_held(results)) == ["C-CHAKA-7F3A-000002", "C-CHAKA-7F3A-000004", "C-CHAKA-7F3A-000005"]
