"""core.compiled_queries answers what the ORM would (the same rows, joins, annotations, defaults),
building each statement's SQL once and running it with every call's own values."""

import datetime
import uuid

import pytest
from django.db import DatabaseError, connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from core.compiled_queries import CompiledQuery, any_of, compilable_ids, fields_save, rows_insert, slot
from orders.models import Checkout, CheckoutLine, Order, ShippingRegion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return ShippingRegion.objects.create(code="qh", name_zh="青海", name_en="Qinghai", price_fen=1200)


def test_a_compiled_query_answers_each_call_with_its_own_values_and_joins(region):
    # given two checkouts, one shipping to the region
    shipped = Checkout.objects.create(email="a@example.com", shipping_region=region)
    plain = Checkout.objects.create(email="b@example.com")
    query = CompiledQuery(
        lambda token: Checkout.objects.filter(token=slot(token)).select_related("shipping_region"),
        parameters=1,
    )

    token = Checkout._meta.get_field("token")

    def by_token(value):  # given as the database takes it, as the query's callers do
        return query(token.get_db_prep_value(value, connection))

    # when
    first, second, none = by_token(shipped.token), by_token(plain.token), by_token(uuid.uuid4())

    # then
    assert [(row.pk, row.email, row.shipping_region.price_fen) for row in first] == [
        (shipped.pk, "a@example.com", 1200)
    ]
    assert [(row.pk, row.shipping_region) for row in second] == [(plain.pk, None)]
    assert none == []
    assert first[0]._state.adding is False


def test_annotations_and_values_lists_come_back_as_the_orm_gives_them():
    # given a checkout with two lines
    checkout = Checkout.objects.create()
    robe, purse = factories.VariantFactory(price_fen=128000), factories.VariantFactory(price_fen=9800)
    for variant, quantity in ((robe, 2), (purse, 5)):
        CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=quantity)
    doubled = CompiledQuery(
        lambda checkout_id, factor: (
            CheckoutLine.objects.filter(checkout_id=slot(checkout_id))
            .select_related("variant")
            .annotate(doubled=RawSQL("quantity * %s", [factor], output_field=IntegerField()))
            .order_by("pk")
        ),
        parameters=2,
    )
    pairs = CompiledQuery(
        lambda *ids: (
            CheckoutLine.objects.filter(any_of("variant_id", ids))
            .order_by("quantity")
            .values_list("variant_id", "quantity")
        ),
        parameters=2,
    )

    # when
    lines = doubled(checkout.pk, 3)
    rows = pairs(robe.pk, purse.pk)

    # then
    assert [(line.variant.sku, line.variant.price_fen, line.doubled) for line in lines] == [
        (robe.sku, 128000, 6),
        (purse.sku, 9800, 15),
    ]
    assert rows == [(robe.pk, 2), (purse.pk, 5)]


def test_a_value_that_would_change_the_sql_is_refused():
    query = CompiledQuery(lambda pk: Checkout.objects.filter(pk=slot(pk)), parameters=1)

    with pytest.raises(ValueError):
        query(None)
    assert compilable_ids([1, 2]) and not compilable_ids([]) and not compilable_ids([2**63])


def test_fields_save_writes_only_those_fields_and_stamps_auto_now(region):
    # given
    checkout = Checkout.objects.create(email="a@example.com")
    before = checkout.updated_at
    checkout.shipping_region, checkout.email, checkout.status = region, "changed@example.com", "completed"

    # when
    fields_save(checkout, ["shipping_region", "status", "updated_at"])

    # then: the email was not among the fields, so it stays as stored
    stored = Checkout.objects.get(pk=checkout.pk)
    assert (stored.shipping_region_id, stored.status, stored.email) == (
        region.pk,
        "completed",
        "a@example.com",
    )
    assert stored.updated_at == checkout.updated_at > before


def test_fields_save_of_a_row_that_is_gone_fails():
    checkout = Checkout.objects.create()
    Checkout.objects.filter(pk=checkout.pk).delete()

    with pytest.raises(DatabaseError):
        fields_save(checkout, ["status"])


def test_rows_insert_reads_back_keys_and_database_defaults():
    # given a checkout and an order whose tracking number is left to the database's default
    checkout = Checkout(email="a@example.com")
    location = factories.LocationFactory()

    # when
    (inserted,) = rows_insert([checkout])
    (order,) = rows_insert(
        [
            Order(
                number="W-TEST-1",
                channel=Order.Channel.ONLINE,
                status=Order.Status.PAID,
                location=location,
                subtotal_fen=100,
                discount_fen=0,
                total_fen=100,
                email="a@example.com",
                paid_at=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
            )
        ]
    )
    lines = rows_insert(
        [
            CheckoutLine(checkout=checkout, variant=factories.VariantFactory(), quantity=quantity)
            for quantity in (1, 2)
        ]
    )

    # then
    assert inserted is checkout and checkout.pk is not None and checkout._state.adding is False
    assert Checkout.objects.get(pk=checkout.pk).email == "a@example.com"
    stored = Order.objects.get(pk=order.pk)
    assert (order.tracking_number, stored.tracking_number, stored.phone, stored.email) == (
        "",
        "",
        "",
        "a@example.com",
    )
    assert [line.quantity for line in CheckoutLine.objects.filter(checkout=checkout).order_by("pk")] == [1, 2]
    assert [line.pk for line in lines] == sorted(line.pk for line in lines)
