"""Holds: pieces reserved for a waiting checkout or allocated to a paid order are not available to
anyone else, go back when released or expired, and leave as a sale when handed over."""

import datetime

import pytest
from django.utils import timezone

from core.errors import InsufficientStock, ValidationFailed
from inventory.models import Movement, StockHold, StockLevel
from inventory.selectors import available_quantities
from inventory.services import (
    HeldLine,
    stock_allocate,
    stock_holds_fulfil,
    stock_holds_release,
    stock_reservation_convert,
    stock_reservations_expire,
    stock_reserve,
)
from tests.inventory.stock import movement_sums, on_hand

pytestmark = pytest.mark.django_db


def later(minutes=15):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def allocated(variant, location) -> int:
    level = StockLevel.objects.filter(variant=variant, location=location).first()
    return level.allocated if level else 0


def holds() -> list[tuple]:
    return list(
        StockHold.objects.filter(released_at__isnull=True)
        .order_by("pk")
        .values_list("variant__sku", "quantity", "kind", "reference")
    )


def test_a_reservation_makes_the_pieces_unavailable_to_others(base, robe, purse, stock_in):
    # given
    stock_in(robe, 3)
    stock_in(purse, 5)

    # when
    stock_reserve(
        location=base,
        lines=[HeldLine(robe.pk, 2), HeldLine(purse.pk, 1)],
        reference="checkout:a",
        expires_at=later(),
    )

    # then
    assert available_quantities(variant_ids=[robe.pk, purse.pk]) == {
        (robe.pk, base.pk): 1,
        (purse.pk, base.pk): 4,
    }
    assert (on_hand(robe, base), allocated(robe, base)) == (3, 2)
    with pytest.raises(InsufficientStock) as error:
        stock_reserve(location=base, lines=[HeldLine(robe.pk, 2)], reference="checkout:b", expires_at=later())
    assert (error.value.field, error.value.params) == ("lines", {"variantId": robe.pk, "available": 1})
    assert holds() == [
        ("ROBE-M", 2, "reservation", "checkout:a"),
        ("PURSE-RED", 1, "reservation", "checkout:a"),
    ]


def test_a_variant_never_stocked_there_has_none_available(base, cart, robe, stock_in):
    stock_in(robe, 1)

    with pytest.raises(InsufficientStock) as error:
        stock_allocate(location=cart, lines=[HeldLine(robe.pk, 1)], reference="order:W1")

    assert error.value.params == {"variantId": robe.pk, "available": 0}
    assert (allocated(robe, cart), holds()) == (0, [])
    assert available_quantities(variant_ids=[robe.pk], location_ids=[cart.pk]) == {(robe.pk, cart.pk): 0}


def test_reserving_again_replaces_the_reservation_of_the_same_reference(base, cart, robe, stock_in):
    # given two robes at the base, one at the cart, and both base robes reserved
    stock_in(robe, 2)
    stock_in(robe, 1, location=cart)
    stock_reserve(location=base, lines=[HeldLine(robe.pk, 2)], reference="checkout:a", expires_at=later())

    # when the tourist switches to picking one up at the cart
    stock_reserve(location=cart, lines=[HeldLine(robe.pk, 1)], reference="checkout:a", expires_at=later())

    # then
    assert (allocated(robe, base), allocated(robe, cart)) == (0, 1)
    assert holds() == [("ROBE-M", 1, "reservation", "checkout:a")]


def test_a_refused_reservation_keeps_the_one_it_would_replace(base, robe, stock_in):
    stock_in(robe, 2)
    stock_reserve(location=base, lines=[HeldLine(robe.pk, 1)], reference="checkout:a", expires_at=later())

    with pytest.raises(InsufficientStock):
        stock_reserve(location=base, lines=[HeldLine(robe.pk, 3)], reference="checkout:a", expires_at=later())

    assert (allocated(robe, base), holds()) == (1, [("ROBE-M", 1, "reservation", "checkout:a")])


def test_a_bad_quantity_is_refused_before_anything_is_written(base, robe, stock_in):
    stock_in(robe, 2)

    with pytest.raises(ValidationFailed) as error:
        stock_reserve(location=base, lines=[HeldLine(robe.pk, 0)], reference="checkout:a", expires_at=later())

    assert error.value.field == "lines"
    assert (allocated(robe, base), holds()) == (0, [])


def test_a_reservation_converts_to_an_allocation_only_before_it_expires(base, robe, purse, stock_in):
    stock_in(robe, 2)
    stock_in(purse, 2)
    stock_reserve(location=base, lines=[HeldLine(robe.pk, 1)], reference="checkout:a", expires_at=later())
    stock_reserve(location=base, lines=[HeldLine(purse.pk, 1)], reference="checkout:b", expires_at=later(-1))

    assert stock_reservation_convert(reference="checkout:a", to_reference="order:W1") is True
    assert stock_reservation_convert(reference="checkout:b", to_reference="order:W2") is False
    assert stock_reservation_convert(reference="checkout:none", to_reference="order:W3") is False
    assert holds() == [("ROBE-M", 1, "allocation", "order:W1"), ("PURSE-RED", 1, "reservation", "checkout:b")]
    assert allocated(robe, base) == 1


def test_expired_reservations_are_released_and_allocations_stay(base, robe, purse, stock_in):
    stock_in(robe, 2)
    stock_in(purse, 2)
    stock_reserve(location=base, lines=[HeldLine(robe.pk, 2)], reference="checkout:a", expires_at=later(-1))
    stock_reserve(location=base, lines=[HeldLine(purse.pk, 1)], reference="checkout:b", expires_at=later())
    stock_allocate(location=base, lines=[HeldLine(purse.pk, 1)], reference="order:W1")

    released = stock_reservations_expire()

    assert released == 1
    assert available_quantities(variant_ids=[robe.pk, purse.pk]) == {
        (robe.pk, base.pk): 2,
        (purse.pk, base.pk): 0,
    }
    assert holds() == [
        ("PURSE-RED", 1, "reservation", "checkout:b"),
        ("PURSE-RED", 1, "allocation", "order:W1"),
    ]


def test_releasing_part_of_an_allocation_keeps_the_rest(base, robe, stock_in):
    stock_in(robe, 3)
    stock_allocate(location=base, lines=[HeldLine(robe.pk, 3)], reference="order:W1")

    released = stock_holds_release(reference="order:W1", lines=[HeldLine(robe.pk, 1)])

    assert released == 1
    assert (allocated(robe, base), holds()) == (2, [("ROBE-M", 2, "allocation", "order:W1")])
    with pytest.raises(ValidationFailed):
        stock_holds_release(reference="order:W1", lines=[HeldLine(robe.pk, 3)])
    assert stock_holds_release(reference="order:W1") == 2
    assert (allocated(robe, base), holds()) == (0, [])


def test_fulfilling_an_allocation_takes_the_pieces_out_as_a_sale(base, robe, purse, stock_in, actor):
    stock_in(robe, 2)
    stock_in(purse, 4)
    stock_allocate(location=base, lines=[HeldLine(robe.pk, 1), HeldLine(purse.pk, 3)], reference="order:W7")

    stock_holds_fulfil(reference="order:W7", actor=actor, movement_reference="W7")

    assert (on_hand(robe, base), allocated(robe, base), on_hand(purse, base), allocated(purse, base)) == (
        1,
        0,
        1,
        0,
    )
    assert list(
        Movement.objects.filter(kind="sale")
        .order_by("variant__sku")
        .values_list("variant__sku", "quantity", "reference")
    ) == [("PURSE-RED", -3, "W7"), ("ROBE-M", -1, "W7")]
    assert holds() == []
    assert movement_sums() == {(robe.pk, base.pk): 1, (purse.pk, base.pk): 1}
