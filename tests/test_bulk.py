"""core.bulk writes many rows in one statement (COPY on PostgreSQL) and gives the same rows as the ORM
would; on a database other than PostgreSQL it goes through bulk_create."""

import uuid

import pytest
from django.db import DataError, IntegrityError, connection, transaction

from carts.models import PosSale, Shift
from core.bulk import ids_take, rows_copy
from inventory.models import Movement
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
    # On PostgreSQL the ids first (COPY returns nothing), then the COPY; elsewhere one INSERT.
    with django_assert_num_queries(2 if backend == "native" else 1):
        ids = rows_copy(Order, fields, rows, return_ids=True)

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


def test_a_row_clashing_with_a_unique_key_refuses_the_whole_statement(backend):
    # given: an order C-2 already there
    location = factories.LocationFactory()
    fields = ("number", "channel", "status", "location_id", "subtotal_fen", "discount_fen", "total_fen")
    rows_copy(Order, fields, [("C-2", "cart", "paid", location.pk, 200, 0, 200)])
    rows = [(f"C-{n}", "cart", "paid", location.pk, 100 * n, 0, 100 * n) for n in (1, 2, 3)]

    # when
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_copy(Order, fields, rows)

    # then: nothing of the statement was written
    assert list(Order.objects.values_list("number", "total_fen")) == [("C-2", 200)]


def test_a_value_too_long_for_its_column_is_refused_not_cut(backend):
    location = factories.LocationFactory()
    fields = ("number", "channel", "status", "location_id", "subtotal_fen", "discount_fen", "total_fen")

    with pytest.raises(DataError), transaction.atomic():
        rows_copy(Order, fields, [("C-" + "9" * 200, "cart", "paid", location.pk, 100, 0, 100)])

    assert Order.objects.count() == 0


def test_ids_taken_are_the_ones_the_rows_get(require_postgresql):
    location = factories.LocationFactory()
    ids = ids_take(Order, 2)
    fields = ("id", "number", "channel", "status", "location_id", "subtotal_fen", "discount_fen", "total_fen")

    rows_copy(Order, fields, [(pk, f"C-{pk}", "cart", "paid", location.pk, 1, 0, 1) for pk in ids])

    assert list(Order.objects.order_by("pk").values_list("pk", "number")) == [(pk, f"C-{pk}") for pk in ids]
    assert ids[1] == ids[0] + 1


def test_json_uuid_and_text_values_round_trip(backend, operator_sale_world):
    # given
    order, shift = operator_sale_world
    client_uuid = uuid.uuid4()
    tricky = 'CHAKA-"7F3A"\\-000001 \u2603'

    # when
    rows_copy(
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
        assert rows_copy(Movement, ("quantity",), [], return_ids=True) == []
        assert rows_copy(Movement, ("quantity",), []) is None


@pytest.fixture
def operator_sale_world():
    cart = factories.CartFactory()
    operator = factories.OperatorFactory(carts=[cart])
    shift = Shift.objects.create(cart=cart, operator=operator, device_id="tablet", opening_cash_fen=0)
    order = Order.objects.create(
        number="C-1", channel="cart", status="paid", location=cart.location, subtotal_fen=100, total_fen=100
    )
    return order, shift
