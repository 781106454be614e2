"""Stock leaves with a sale and comes back with a return, a whole batch at once; a sale may take a
level below zero (a cart records what happened) and says which variants it took there."""

import pytest
from django.db import transaction

from inventory.models import Movement, StockLevel
from inventory.services import SoldLine, stock_return, stock_sell
from tests.inventory.stock import movement_sums, on_hand, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(stock_in, cart, robe, purse, scarf):
    """At the cart: 2 robes and 5 purses; no scarf."""
    stock_in(robe, 2, cart)
    stock_in(purse, 5, cart)


def test_a_batch_of_sales_in_a_few_statements(stocked, cart, robe, purse, actor, django_assert_num_queries):
    # given
    lines = [SoldLine(robe.pk, 1, "C-1"), SoldLine(purse.pk, 2, "C-1"), SoldLine(purse.pk, 1, "C-2")]

    # when: the movements' COPY, then the levels (locked and updated in one statement)
    with django_assert_num_queries(2):
        below = stock_sell(location=cart, lines=lines, actor=actor)

    # then
    assert below == set()
    assert (on_hand(robe, cart), on_hand(purse, cart)) == (1, 2)
    assert list(
        Movement.objects.filter(kind="sale")
        .order_by("pk")
        .values_list("variant__sku", "quantity", "reference", "actor")
    ) == [
        ("ROBE-M", -1, "C-1", actor.pk),
        ("PURSE-RED", -2, "C-1", actor.pk),
        ("PURSE-RED", -1, "C-2", actor.pk),
    ]


def test_a_sale_may_take_stock_below_zero_and_says_which(stocked, cart, robe, purse, scarf, actor):
    # when: three robes of two, a scarf never sent here, purses within stock
    below = stock_sell(
        location=cart,
        lines=[SoldLine(robe.pk, 3, "C-1"), SoldLine(scarf.pk, 1, "C-2"), SoldLine(purse.pk, 5, "C-3")],
        actor=actor,
    )

    # then
    assert below == {robe.pk, scarf.pk}
    assert (on_hand(robe, cart), on_hand(scarf, cart), on_hand(purse, cart)) == (-1, -1, 0)
    levels = {(level.variant_id, level.location_id): level.quantity for level in StockLevel.objects.all()}
    assert levels == movement_sums()


def test_a_return_puts_pieces_back(stocked, cart, robe, purse, actor):
    # given
    stock_sell(location=cart, lines=[SoldLine(robe.pk, 2, "C-1"), SoldLine(purse.pk, 1, "C-1")], actor=actor)

    # when
    stock_return(
        location=cart,
        lines=[SoldLine(robe.pk, 2, "C-1"), SoldLine(purse.pk, 1, "C-1")],
        actor=actor,
        reason="退货",
    )

    # then
    assert (on_hand(robe, cart), on_hand(purse, cart)) == (2, 5)
    assert list(
        Movement.objects.filter(kind="return")
        .order_by("pk")
        .values_list("variant__sku", "quantity", "reason")
    ) == [
        ("ROBE-M", 2, "退货"),
        ("PURSE-RED", 1, "退货"),
    ]


def test_nothing_sold_writes_nothing(stocked, cart, actor):
    before = snapshot()

    assert stock_sell(location=cart, lines=[], actor=actor) == set()
    assert snapshot() == before


@pytest.mark.parametrize("quantity", [0, -1, 1.5, True])
@pytest.mark.parametrize("service", [stock_sell, stock_return])
def test_a_quantity_that_is_not_a_whole_positive_number_refuses_the_call(
    stocked, cart, robe, actor, service, quantity
):
    before = snapshot()

    with pytest.raises(ValueError):
        service(
            location=cart,
            lines=[SoldLine(robe.pk, 1, "C-1"), SoldLine(robe.pk, quantity, "C-2")],
            actor=actor,
        )

    assert snapshot() == before


def test_a_refusal_leaves_the_callers_transaction_usable(stocked, cart, robe, actor):
    with transaction.atomic():
        with pytest.raises(ValueError):
            stock_sell(location=cart, lines=[SoldLine(robe.pk, 0, "C-1")], actor=actor)
        assert on_hand(robe, cart) == 2
