from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from inventory.models import StockLevel
from inventory.services import LineQuantity, stock_rebuild, transfer_create
from tests.inventory.stock import levels, movement_sums


@pytest.fixture
def history(actor, base, cart, robe, purse, stock_in):
    """Base: 3 robes, 4 purses, 2 robes allocated to online orders. Cart: 5 robes in transit."""
    stock_in(robe, 8)
    stock_in(purse, 4)
    transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 5)], actor=actor)
    StockLevel.objects.filter(variant=robe, location=base).update(allocated=2)


def corrupt(sql, params):
    """Damage the projection behind the services' back, as a bad script or a manual fix would."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_restores_a_corrupted_projection(history, base, robe, purse):
    # given: one quantity overwritten and one level row lost
    corrupt(
        "UPDATE inventory_stocklevel SET quantity = 99 WHERE variant_id = %s AND location_id = %s",
        [robe.pk, base.pk],
    )
    corrupt(
        "DELETE FROM inventory_stocklevel WHERE variant_id = %s AND location_id = %s", [purse.pk, base.pk]
    )
    assert levels() == {("ROBE-M", "base"): 99}

    # when
    fixed = stock_rebuild()

    # then
    assert fixed == 2
    assert levels() == {("ROBE-M", "base"): 3, ("PURSE-RED", "base"): 4}
    assert {(level.variant_id, level.location_id): level.quantity for level in StockLevel.objects.all()} == (
        movement_sums()
    )
    # allocations belong to orders: untouched
    assert StockLevel.objects.get(variant=robe, location=base).allocated == 2


@pytest.mark.django_db
def test_a_level_without_movements_is_set_to_zero(history, cart, purse):
    # given
    corrupt(
        "INSERT INTO inventory_stocklevel (variant_id, location_id, quantity, allocated, updated_at)"
        " VALUES (%s, %s, 7, 0, now())",
        [purse.pk, cart.pk],
    )

    # when
    fixed = stock_rebuild()

    # then
    assert fixed == 1
    assert levels()[("PURSE-RED", "cart-chaka")] == 0


@pytest.mark.django_db
def test_a_sound_projection_is_left_alone(history):
    # given
    before = levels()

    # when
    fixed = stock_rebuild()

    # then
    assert fixed == 0
    assert levels() == before


@pytest.mark.django_db
def test_the_command_rebuilds_and_says_how_many_rows_it_fixed(history, base, robe):
    # given
    corrupt("UPDATE inventory_stocklevel SET quantity = quantity + 1 WHERE variant_id = %s", [robe.pk])
    out = StringIO()

    # when
    call_command("rebuild_stock", stdout=out)

    # then
    assert out.getvalue().strip() == "已修正 1 行库存。"
    assert levels()[("ROBE-M", "base")] == 3
