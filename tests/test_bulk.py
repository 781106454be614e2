"""core.bulk writes many rows in one statement and gives the same rows as the ORM would; on a database
other than PostgreSQL it goes through bulk_create and bulk_update."""

import uuid

import pytest
from django.db import connection

from carts.models import PosSale, Shift
from core.bulk import filter_any, insert_rows, update_rows
from inventory.models import Movement, StockLevel
from inventory.services import LineQuantity, intake_create
from orders.models import Order
from tests import factories
from tests.factories import aware

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["native", "fallback"])
def backend(request, monkeypatch):
    """Each test runs on the database's own path and on the bulk_create path SQLite takes."""
    if request.param == "fallback":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    return request.param


def test_rows_in_order_with_their_ids_defaults_and_times(backend, django_assert_num_queries):
    # given
    location = factories.LocationFactory()
    rows = [
        (f"C-{n}", "cart", "paid", location.pk, 100 * n, 0, 100 * n, aware(2026, 7, 1, n), n == 2)
        for n in (1, 2, 3)
    ]
    fields = (
        "number",
        "channel",
        "status",
        "location_id",
        "subtotal_fen",
        "discount_fen",
        "total_fen",
        "paid_at",
        "needs_reconciliation",
    )

    # when
    with django_assert_num_queries(1):
        ids = insert_rows(Order, fields, rows, return_ids=True)

    # then: in order, with the defaults (currency) and the auto_now_add time filled in
    stored = list(
        Order.objects.order_by("pk").values_list(
            "pk", "number", "currency", "total_fen", "paid_at", "needs_reconciliation", "refunded_at"
        )
    )
    assert stored == [
        (ids[0], "C-1", "CNY", 100, aware(2026, 7, 1, 1), False, None),
        (ids[1], "C-2", "CNY", 200, aware(2026, 7, 1, 2), True, None),
        (ids[2], "C-3", "CNY", 300, aware(2026, 7, 1, 3), False, None),
    ]
    assert Order.objects.filter(created_at__isnull=True).count() == 0


def test_rows_clashing_with_a_unique_key_are_left_out_and_the_others_go_in(backend):
    # given: an order C-2 already there, and a batch that has C-2 too, and C-3 twice
    location = factories.LocationFactory()
    fields = ("number", "channel", "status", "location_id", "subtotal_fen", "discount_fen", "total_fen")
    insert_rows(Order, fields, [("C-2", "cart", "paid", location.pk, 200, 0, 200)])
    rows = [(f"C-{n}", "cart", "paid", location.pk, 100 * n, 0, 100 * n) for n in (1, 2, 3, 3)]

    # when
    went_in = insert_rows(Order, fields, rows, skip_conflicts_returning="number")

    # then: C-1 and the first C-3 went in; nothing of the clashing rows was written
    assert went_in == ["C-1", "C-3"]
    assert sorted(Order.objects.values_list("number", "total_fen")) == [
        ("C-1", 100),
        ("C-2", 200),
        ("C-3", 300),
    ]


def test_json_uuid_and_text_values_round_trip(backend, operator_sale_world):
    # given
    order, shift = operator_sale_world
    client_uuid = uuid.uuid4()
    tricky = 'CHAKA-"7F3A"\\-000001 \u2603'

    # when
    insert_rows(
        PosSale,
        (
            "order_id",
            "client_uuid",
            "device_id",
            "shift_id",
            "device_time",
            "receipt_number",
            "payment_method",
            "amount_fen",
            "flags",
        ),
        [
            (
                order.pk,
                client_uuid,
                "tablet",
                shift.pk,
                aware(2026, 7, 1),
                tricky,
                "cash",
                100,
                ["price_mismatch"],
            )
        ],
    )

    # then
    sale = PosSale.objects.get()
    assert (sale.client_uuid, sale.receipt_number, sale.flags, sale.tendered_fen, sale.change_fen) == (
        client_uuid,
        tricky,
        ["price_mismatch"],
        None,
        0,
    )
    assert sale.received_at is not None


def test_nothing_to_insert_is_no_statement(backend, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(Movement, ("quantity",), [], return_ids=True) == []
        assert insert_rows(Movement, ("quantity",), []) is None
        update_rows([], ["quantity"])


def test_update_rows_sets_each_objects_values(backend, django_assert_num_queries):
    # given
    keeper = factories.UserFactory()
    artisan = factories.ArtisanFactory()
    variants = [factories.VariantFactory(artisan=artisan) for _ in range(3)]
    location = factories.LocationFactory()
    intake_create(
        artisan=artisan, lines=[LineQuantity(v, 5) for v in variants], actor=keeper, location=location
    )
    levels = list(StockLevel.objects.order_by("pk"))
    for change, level in zip((-7, 0, 3), levels, strict=True):
        level.quantity += change
        level.allocated = 99  # not among the fields written

    # when
    with django_assert_num_queries(1):
        update_rows(levels, ["quantity"])

    # then
    assert list(StockLevel.objects.order_by("pk").values_list("quantity", "allocated")) == [
        (-2, 0),
        (5, 0),
        (8, 0),
    ]


@pytest.fixture
def operator_sale_world():
    cart = factories.CartFactory()
    operator = factories.OperatorFactory(carts=[cart])
    shift = Shift.objects.create(cart=cart, operator=operator, device_id="tablet", opening_cash_fen=0)
    order = Order.objects.create(
        number="C-1", channel="cart", status="paid", location=cart.location, subtotal_fen=100, total_fen=100
    )
    return order, shift


@pytest.mark.parametrize("skus", [["B-2", "B-9", "B-1"], []])
def test_filter_any_finds_the_rows_with_any_of_the_keys(backend, skus):
    # given
    variants = {n: factories.VariantFactory(sku=f"B-{n}") for n in (1, 2, 3)}
    Variant = type(variants[1])

    # when
    by_sku = filter_any(Variant.objects.order_by("sku"), "sku", skus)
    by_product = filter_any(Variant.objects.order_by("sku"), "product_id", [variants[3].product_id, 0])

    # then
    assert [variant.sku for variant in by_sku] == sorted(sku for sku in skus if sku != "B-9")
    assert [variant.sku for variant in by_product] == ["B-3"]
