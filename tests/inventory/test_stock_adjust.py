import pytest

from core.errors import InsufficientStock, ValidationFailed
from inventory.models import Movement
from inventory.services import stock_adjust
from tests.inventory.stock import levels, snapshot


@pytest.mark.django_db
def test_a_negative_adjustment_is_recorded_with_its_reason(actor, base, robe, stock_in):
    # given
    stock_in(robe, 5)

    # when
    movement = stock_adjust(variant=robe, location=base, quantity=-2, reason="  水渍损坏 ", actor=actor)

    # then
    movement.refresh_from_db()
    assert (movement.variant, movement.location, movement.kind, movement.quantity, movement.reason) == (
        robe,
        base,
        Movement.Kind.ADJUSTMENT,
        -2,
        "水渍损坏",
    )
    assert movement.actor == actor
    assert levels() == {("ROBE-M", "base"): 3}


@pytest.mark.django_db
def test_a_positive_adjustment_may_create_the_level(actor, cart, robe):
    # when
    stock_adjust(variant=robe, location=cart, quantity=1, reason="盘点后找到", actor=actor)

    # then
    assert levels() == {("ROBE-M", "cart-chaka"): 1}


@pytest.mark.django_db
def test_may_take_everything_but_not_more(actor, base, robe, stock_in):
    # given
    stock_in(robe, 5)

    # when
    stock_adjust(variant=robe, location=base, quantity=-5, reason="送展", actor=actor)
    before = snapshot()
    with pytest.raises(InsufficientStock) as error:
        stock_adjust(variant=robe, location=base, quantity=-1, reason="送展", actor=actor)

    # then
    assert (error.value.field, error.value.params) == (
        "quantity",
        {"sku": "ROBE-M", "on_hand": 0, "requested": 1},
    )
    assert snapshot() == before
    assert levels() == {("ROBE-M", "base"): 0}


@pytest.mark.django_db
def test_refuses_going_below_zero_where_there_was_no_level_and_writes_nothing(actor, cart, robe):
    # given
    before = snapshot()

    # when
    with pytest.raises(InsufficientStock):
        stock_adjust(variant=robe, location=cart, quantity=-1, reason="损坏", actor=actor)

    # then: not even an empty level row is left behind
    assert snapshot() == before


@pytest.mark.django_db
def test_same_idempotency_key_returns_the_first_movement_and_writes_nothing_more(actor, base, robe, stock_in):
    # given
    stock_in(robe, 5)
    first = stock_adjust(
        variant=robe, location=base, quantity=-1, reason="损坏", actor=actor, idempotency_key="adj-1"
    )
    before = snapshot()

    # when
    again = stock_adjust(
        variant=robe, location=base, quantity=-1, reason="损坏", actor=actor, idempotency_key="adj-1"
    )

    # then
    assert again.pk == first.pk
    assert snapshot() == before
    assert levels() == {("ROBE-M", "base"): 4}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("quantity", "reason", "field"),
    [
        (0, "损坏", "quantity"),
        (1.0, "损坏", "quantity"),
        (False, "损坏", "quantity"),
        (-1, "", "reason"),
        (-1, "   ", "reason"),
        (-1, "长" * 301, "reason"),
    ],
    ids=["zero", "float", "bool", "no-reason", "blank-reason", "long-reason"],
)
def test_refuses_bad_input_and_writes_nothing(actor, base, robe, stock_in, quantity, reason, field):
    # given
    stock_in(robe, 5)
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        stock_adjust(variant=robe, location=base, quantity=quantity, reason=reason, actor=actor)

    # then
    assert error.value.field == field
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_an_inactive_location_and_writes_nothing(actor, base, robe, stock_in):
    # given
    stock_in(robe, 5)
    base.is_active = False
    base.save()
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        stock_adjust(variant=robe, location=base, quantity=1, reason="找到", actor=actor)

    # then
    assert error.value.field == "location"
    assert snapshot() == before
