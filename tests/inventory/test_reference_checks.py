"""The keys the sales tables check per statement instead of per row (core/reference_checks.py): a row
naming something that does not exist is refused as a foreign key would refuse it, and nothing of the
statement is written."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from carts.models import PosSale
from core.bulk import insert_rows
from inventory.models import Movement
from inventory.services import stock_sell
from inventory.services.sales import SoldLine
from orders.models import Order, OrderLine
from orders.services import OrderDraft, OrderLineDraft, orders_record_paid

pytestmark = pytest.mark.usefixtures("require_postgresql")

MISSING = 987_654_321
MOVEMENT_FIELDS = ("variant_id", "location_id", "kind", "quantity", "reference", "reason", "actor_id")


def refused(write) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    return str(error.value)


def sale_movement(variant_id, location_id, actor_id=None):
    return (variant_id, location_id, Movement.Kind.SALE, -1, "C-TEST-1", "", actor_id)


def a_sale_of(variant, cart, actor, number):
    [order] = orders_record_paid(
        location=cart,
        channel=Order.Channel.CART,
        drafts=[
            OrderDraft(
                number, [OrderLineDraft(variant, 1, variant.price_fen, variant.price_fen)], variant.created_at
            )
        ],
        actor=actor,
    )
    return order


def test_a_batch_of_movements_naming_a_variant_that_does_not_exist_is_refused_whole(robe, purse, cart, actor):
    rows = [
        sale_movement(robe.pk, cart.pk, actor.pk),
        sale_movement(MISSING, cart.pk),
        sale_movement(purse.pk, cart.pk),
    ]

    message = refused(lambda: insert_rows(Movement, MOVEMENT_FIELDS, rows))

    assert f'{MISSING} is not in "catalog_variant"' in message
    assert Movement.objects.count() == 0


@pytest.mark.parametrize("column", ["location_id", "actor_id"])
def test_a_movement_naming_a_location_or_actor_that_does_not_exist_is_refused(robe, cart, actor, column):
    values = {"variant_id": robe.pk, "location_id": cart.pk, "actor_id": actor.pk, column: MISSING}

    refused(lambda: Movement.objects.create(kind=Movement.Kind.SALE, quantity=-1, **values))

    assert Movement.objects.count() == 0


def test_movements_naming_what_exists_go_in_and_no_actor_is_allowed(robe, purse, cart, actor):
    insert_rows(
        Movement,
        MOVEMENT_FIELDS,
        [sale_movement(robe.pk, cart.pk, actor.pk), sale_movement(purse.pk, cart.pk)],
    )

    assert sorted(Movement.objects.values_list("variant_id", "actor_id")) == sorted(
        [(robe.pk, actor.pk), (purse.pk, None)]
    )


def test_an_order_line_naming_an_artisan_that_does_not_exist_is_refused(robe, cart, actor):
    order = a_sale_of(robe, cart, actor, "C-TEST-1")
    line = order.lines.get()

    refused(lambda: OrderLine.objects.filter(pk=line.pk).update(artisan_id=MISSING))
    refused(lambda: Order.objects.filter(pk=order.pk).update(location_id=MISSING))

    line.refresh_from_db()
    order.refresh_from_db()
    assert (line.artisan_id, order.location_id) == (robe.artisan_id, cart.pk)


def test_changing_a_key_to_a_row_that_exists_is_allowed(robe, cart, base, actor):
    order = a_sale_of(robe, cart, actor, "C-TEST-2")

    Order.objects.filter(pk=order.pk).update(location_id=base.pk, operator_id=actor.pk)

    order.refresh_from_db()
    assert (order.location_id, order.operator_id) == (base.pk, actor.pk)


def test_a_pos_sale_naming_a_shift_that_does_not_exist_is_refused(robe, cart, actor):
    order = a_sale_of(robe, cart, actor, "C-TEST-3")

    message = refused(
        lambda: PosSale.objects.create(
            order=order,
            client_uuid="0b6a3f0e-93a4-4c55-9f2a-2f6f0f1f7d10",
            device_id="tablet-aaaa",
            shift_id=MISSING,
            device_time=robe.created_at,
            receipt_number="TEST-1",
            payment_method="cash",
            amount_fen=128000,
        )
    )

    assert "carts_shift" in message
    assert PosSale.objects.count() == 0


def test_a_variant_that_has_sold_cannot_be_deleted(robe, cart, actor):
    stock_sell(
        location=cart, lines=[SoldLine(variant_id=robe.pk, quantity=1, reference="C-TEST-4")], actor=actor
    )

    with pytest.raises(ProtectedError), transaction.atomic():
        robe.delete()

    assert Movement.objects.filter(variant=robe).count() == 1
