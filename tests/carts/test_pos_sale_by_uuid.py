"""The public e-receipt reads a recorded sale by the client UUID on its QR code."""

import uuid

import pytest

from carts.selectors import pos_sale_by_uuid
from carts.services import pos_sync
from tests.carts.pos import DEVICE, client_uuid, line, refund, sale

pytestmark = pytest.mark.django_db


def test_a_synced_sale_with_its_order_lines_cart_and_receipt_number(
    cart, stocked, shift, operator, django_assert_num_queries
):
    # given
    pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["robe"]), line(stocked["scarf"], 2))],
        actor=operator.user,
    )

    # when: one query for the sale, one for its lines, one for its refunds; the rest comes with them
    with django_assert_num_queries(3):
        found = pos_sale_by_uuid(client_uuid=client_uuid(1))
        seen = (
            found.receipt_number,
            found.order.number,
            found.order.total_fen,
            found.shift.cart.code,
            found.shift.cart.site.name_zh,
            [(item.sku, item.quantity, item.total_fen) for item in found.order.lines.all()],
            list(found.refunds.all()),
        )

    # then
    assert seen == (
        "CHAKA-7F3A-000001",
        "C-CHAKA-7F3A-000001",
        141200,
        "chaka",
        "茶卡盐湖",
        [("ROBE-M", 1, 128000), ("SCARF-BLUE", 2, 13200)],
        [],
    )


def test_a_refunded_sale_comes_with_its_refund(cart, stocked, shift, operator):
    pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["scarf"]))],
        refunds=[refund(1, 1, shift)],
        actor=operator.user,
    )

    found = pos_sale_by_uuid(client_uuid=uuid.UUID(client_uuid(1)))

    [refunded] = found.refunds.all()
    assert (found.order.status, refunded.reason) == ("refunded", "顾客不要了")
    assert [(line.sku, line.quantity, line.amount_fen) for line in refunded.lines.all()] == [
        ("SCARF-BLUE", 1, 6600)
    ]


@pytest.mark.parametrize("value", [client_uuid(404), "not-a-uuid", "", None])
def test_an_unknown_or_junk_uuid_finds_nothing(db, value):
    assert pos_sale_by_uuid(client_uuid=value) is None
