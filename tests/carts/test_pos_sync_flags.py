"""A sale that happened is recorded even when something about it is off; the flags say what: a price
other than the price list's at the sale's time, stock the books did not have, a shift already closed."""

import datetime

import pytest
from django.utils import timezone

from carts.models import PosSale
from carts.services import SyncStatus, pos_sync
from catalog.services import VariantInput, product_create, product_update
from orders.models import Order, OrderLine
from tests.carts.pos import DEVICE, line, on_hand, sale, statuses

pytestmark = pytest.mark.django_db


def reprice(variant, price_fen):
    product_update(
        product=variant.product,
        variants=[
            VariantInput(
                sku=variant.sku, price_fen=price_fen, artisan=variant.artisan, name_zh=variant.name_zh
            )
        ],
    )
    variant.refresh_from_db()


def test_the_price_is_checked_against_the_price_list_at_the_sale_time(cart, stocked, shift, operator):
    # given: the purse cost 98.00 when the tablet sold it offline; the price went up to 108.00 since
    purse = stocked["purse"]
    sold_before = timezone.now()
    reprice(purse, 10800)
    sold_after = timezone.now() + datetime.timedelta(seconds=1)

    # when: one sale at the old price before the change, one at the old price after it
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[
            sale(1, shift, line(purse, unit_price_fen=9800), at=sold_before),
            sale(2, shift, line(purse, unit_price_fen=9800), at=sold_after),
            sale(3, shift, line(purse, unit_price_fen=10800), at=sold_after),
        ],
        actor=operator.user,
    )

    # then
    assert statuses(results) == [
        (SyncStatus.RECORDED, (), None),
        (SyncStatus.RECORDED_WITH_FLAGS, ("price_mismatch",), None),
        (SyncStatus.RECORDED, (), None),
    ]
    assert list(
        OrderLine.objects.order_by("order__number").values_list("list_price_fen", "unit_price_fen")
    ) == [
        (9800, 9800),
        (10800, 9800),
        (10800, 10800),
    ]
    assert list(Order.objects.order_by("number").values_list("needs_reconciliation", "total_fen")) == [
        (False, 9800),
        (True, 9800),
        (False, 10800),
    ]
    assert PosSale.objects.get(receipt_number="CHAKA-7F3A-000002").flags == ["price_mismatch"]


def test_a_device_clock_behind_the_first_price_reads_the_first_price(cart, stocked, shift, operator):
    # given: a tablet whose clock says last year
    last_year = timezone.now() - datetime.timedelta(days=365)

    # when
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(1, shift, line(stocked["scarf"]), at=last_year)],
        actor=operator.user,
    )

    # then: the first price, and the sale held for its clock (outside its shift)
    assert statuses(results) == [(SyncStatus.RECORDED_WITH_FLAGS, ("device_time_outside_shift",), None)]
    assert OrderLine.objects.get().list_price_fen == 6600


def test_selling_more_than_the_books_hold_is_recorded_and_flagged(cart, stocked, shift, operator):
    # given: the books say two robes at the cart
    robe = stocked["robe"]

    # when: three sales of one robe, then one of two
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[sale(n, shift, line(robe)) for n in (1, 2, 3)] + [sale(4, shift, line(robe, 2))],
        actor=operator.user,
    )

    # then: the stock leaves anyway; the sales the books could not cover are flagged
    assert statuses(results) == [
        (SyncStatus.RECORDED, (), None),
        (SyncStatus.RECORDED, (), None),
        (SyncStatus.RECORDED_WITH_FLAGS, ("negative_stock",), None),
        (SyncStatus.RECORDED_WITH_FLAGS, ("negative_stock",), None),
    ]
    assert on_hand(robe, cart.location) == -3
    assert list(OrderLine.objects.order_by("order__number").values_list("quantity", "shortfall")) == [
        (1, 0),
        (1, 0),
        (1, 1),
        (2, 2),
    ]
    assert list(Order.objects.order_by("number").values_list("needs_reconciliation", flat=True)) == [
        False,
        False,
        True,
        True,
    ]


def test_a_line_partly_covered_has_the_uncovered_part_as_its_shortfall(cart, stocked, shift, operator):
    # given: five purses on the books

    # when: one sale of four, then one of three (one covered, two not) with a price off too
    results = pos_sync(
        cart=cart,
        device_id=DEVICE,
        sales=[
            sale(1, shift, line(stocked["purse"], 4)),
            sale(2, shift, line(stocked["scarf"]), line(stocked["purse"], 3, unit_price_fen=9000)),
        ],
        actor=operator.user,
    )

    # then
    assert statuses(results) == [
        (SyncStatus.RECORDED, (), None),
        (SyncStatus.RECORDED_WITH_FLAGS, ("price_mismatch", "negative_stock"), None),
    ]
    assert list(OrderLine.objects.order_by("pk").values_list("sku", "shortfall")) == [
        ("PURSE-RED", 0),
        ("SCARF-BLUE", 0),
        ("PURSE-RED", 2),
    ]
    assert PosSale.objects.get(receipt_number="CHAKA-7F3A-000002").flags == [
        "price_mismatch",
        "negative_stock",
    ]
    assert on_hand(stocked["purse"], cart.location) == -2


def test_a_variant_the_cart_never_held_goes_below_zero_there(cart, shift, operator, uren, category):
    # given: a piece the books never sent to this cart
    product = product_create(
        slug="felt-horse",
        name_zh="毛毡小马",
        name_en="Felt horse",
        category=category,
        variants=[VariantInput(sku="FELT-HORSE", price_fen=4800, artisan=uren)],
    )
    horse = product.variants.get()

    # when
    [result] = pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(horse))], actor=operator.user)

    # then
    assert (result.status, result.flags) == (SyncStatus.RECORDED_WITH_FLAGS, ("negative_stock",))
    assert on_hand(horse, cart.location) == -1


def test_a_duplicate_answers_with_the_flags_it_was_recorded_with(cart, stocked, shift, operator):
    # given
    sales = [sale(n, shift, line(stocked["robe"])) for n in (1, 2, 3)]
    pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # when
    again = pos_sync(cart=cart, device_id=DEVICE, sales=sales, actor=operator.user)

    # then
    assert statuses(again) == [
        (SyncStatus.DUPLICATE, (), None),
        (SyncStatus.DUPLICATE, (), None),
        (SyncStatus.DUPLICATE, ("negative_stock",), None),
    ]
