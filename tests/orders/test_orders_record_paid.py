"""Paid orders are recorded in bulk with their lines, and their stock leaves the location, even below
zero: the lines the books did not cover carry their shortfall and the order needs reconciliation."""

import pytest

from core.errors import ValidationFailed
from inventory.models import Movement
from orders.models import Order, OrderLine
from orders.services import OrderDraft, OrderLineDraft, orders_record_paid
from orders.services.recording import SoldVariant
from tests.factories import aware
from tests.inventory.stock import on_hand, snapshot

pytestmark = pytest.mark.django_db


def draft(number, *lines, needs_reconciliation=False):
    return OrderDraft(
        number=number, lines=list(lines), paid_at=aware(2026, 7, 1), needs_reconciliation=needs_reconciliation
    )


def test_orders_their_lines_and_stock_in_a_few_statements(
    cart_location, stocked, robe, purse, seller, django_assert_num_queries
):
    # given
    drafts = [
        draft(
            "C-1",
            OrderLineDraft(robe, 1, 128000, 128000),
            OrderLineDraft(purse, 2, 9800, 9800, 1600, "两件优惠"),
        ),
        draft("C-2", OrderLineDraft(purse, 1, 9000, 9800), needs_reconciliation=True),
    ]

    # when: order ids taken, the COPYs of orders, lines and movements, the levels (locked and updated
    # in one statement)
    with django_assert_num_queries(5):
        orders = orders_record_paid(location=cart_location, channel="cart", drafts=drafts, actor=seller)

    # then
    assert [(o.number, o.status, o.channel, o.subtotal_fen, o.discount_fen, o.total_fen) for o in orders] == [
        ("C-1", "paid", "cart", 147600, 1600, 146000),
        ("C-2", "paid", "cart", 9000, 0, 9000),
    ]
    assert list(
        Order.objects.order_by("number").values_list("number", "location", "paid_at", "needs_reconciliation")
    ) == [
        ("C-1", cart_location.pk, aware(2026, 7, 1), False),
        ("C-2", cart_location.pk, aware(2026, 7, 1), True),
    ]
    assert list(
        OrderLine.objects.order_by("pk").values_list(
            "order__number",
            "sku",
            "product_name_zh",
            "product_name_en",
            "variant_name_zh",
            "artisan__code",
            "quantity",
            "list_price_fen",
            "unit_price_fen",
            "discount_fen",
            "discount_reason",
            "total_fen",
        )
    ) == [
        ("C-1", "ROBE-M", "蓝缎蒙古袍", "Robe", "M 码", "uren", 1, 128000, 128000, 0, "", 128000),
        ("C-1", "PURSE-RED", "刺绣荷包", "Purse", "", "uren", 2, 9800, 9800, 1600, "两件优惠", 18000),
        ("C-2", "PURSE-RED", "刺绣荷包", "Purse", "", "uren", 1, 9800, 9000, 0, "", 9000),
    ]
    assert list(
        Movement.objects.filter(kind="sale")
        .order_by("pk")
        .values_list("variant__sku", "quantity", "reference")
    ) == [
        ("ROBE-M", -1, "C-1"),
        ("PURSE-RED", -2, "C-1"),
        ("PURSE-RED", -1, "C-2"),
    ]
    assert (on_hand(robe, cart_location), on_hand(purse, cart_location)) == (1, 2)


def test_the_returned_orders_are_the_rows_written(cart_location, stocked, robe, seller):
    [order] = orders_record_paid(
        location=cart_location,
        channel="cart",
        drafts=[draft("C-1", OrderLineDraft(robe, 1, 128000, 128000))],
        actor=seller,
    )

    stored = Order.objects.get()
    fields = [field.attname for field in Order._meta.concrete_fields]
    assert [getattr(order, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert (order._state.adding, order._state.db, order.stock_shortfall) == (False, "default", 0)


def test_stock_goes_below_zero_and_the_uncovered_pieces_are_the_shortfall(
    cart_location, stocked, robe, seller
):
    # given: two robes on the books

    # when
    orders = orders_record_paid(
        location=cart_location,
        channel="cart",
        drafts=[
            draft(f"C-{n}", OrderLineDraft(robe, quantity, 128000, 128000))
            for n, quantity in ((1, 1), (2, 2), (3, 1))
        ],
        actor=seller,
    )

    # then
    assert [order.needs_reconciliation for order in orders] == [False, True, True]
    assert [order.stock_shortfall for order in orders] == [0, 1, 1]
    assert list(OrderLine.objects.order_by("pk").values_list("shortfall", flat=True)) == [0, 1, 1]
    assert on_hand(robe, cart_location) == -2


def test_nothing_to_record_writes_nothing(cart_location, seller):
    assert orders_record_paid(location=cart_location, channel="cart", drafts=[], actor=seller) == []


@pytest.mark.parametrize(
    "bad",
    [
        lambda robe: [draft("C-1")],
        lambda robe: [draft("C-1", OrderLineDraft(robe, 0, 128000, 128000))],
        lambda robe: [draft("C-1", OrderLineDraft(robe, 1, -1, 128000))],
        lambda robe: [draft("C-1", OrderLineDraft(robe, 1, 100, 128000, 101))],
        lambda robe: [
            draft("C-1", OrderLineDraft(robe, 1, 100, 100)),
            draft("C-1", OrderLineDraft(robe, 1, 100, 100)),
        ],
        lambda robe: [draft("", OrderLineDraft(robe, 1, 100, 100))],
    ],
)
def test_a_bad_draft_refuses_the_whole_call_and_writes_nothing(cart_location, stocked, robe, seller, bad):
    before = snapshot()

    with pytest.raises(ValidationFailed):
        orders_record_paid(location=cart_location, channel="cart", drafts=bad(robe), actor=seller)

    assert snapshot() == before
    assert Order.objects.count() == 0


def test_an_unknown_channel_is_refused(cart_location, stocked, robe, seller):
    with pytest.raises(ValidationFailed) as error:
        orders_record_paid(
            location=cart_location,
            channel="fax",
            drafts=[draft("C-1", OrderLineDraft(robe, 1, 100, 100))],
            actor=seller,
        )

    assert error.value.field == "channel"
    assert Order.objects.count() == 0


def test_a_line_of_a_sold_variant_snapshot_keeps_the_same_names_and_the_order_its_operator(
    cart_location, stocked, robe, seller
):
    # given: the variant as a plain snapshot (what a cart batch reads), and the seller's commission
    sold = SoldVariant.of(robe)
    drafts = [
        OrderDraft(
            number="C-1",
            lines=[OrderLineDraft(sold, 1, 128000, 128000)],
            paid_at=aware(2026, 7, 1),
            operator_user_id=seller.pk,
        )
    ]

    # when
    [order] = orders_record_paid(location=cart_location, channel="cart", drafts=drafts, actor=seller)

    # then
    assert (order.operator_id, Order.objects.get().operator_id) == (seller.pk, seller.pk)
    assert list(
        OrderLine.objects.values_list(
            "variant",
            "artisan",
            "sku",
            "product_name_zh",
            "product_name_en",
            "variant_name_zh",
            "variant_name_en",
        )
    ) == [(robe.pk, robe.artisan_id, "ROBE-M", "蓝缎蒙古袍", "Robe", "M 码", robe.name_en)]
    assert on_hand(robe, cart_location) == 1
