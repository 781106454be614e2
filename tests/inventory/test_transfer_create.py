import pytest

from core.errors import InsufficientStock, ValidationFailed
from inventory.models import Movement, StockLevel, Transfer
from inventory.services import LineQuantity, transfer_create
from tests.inventory.stock import levels, snapshot


@pytest.mark.django_db
def test_dispatches_at_once_taking_stock_out_of_the_source(actor, base, cart, robe, purse, stock_in):
    # given
    stock_in(robe, 8)
    stock_in(purse, 3)

    # when
    transfer = transfer_create(
        source=base,
        destination=cart,
        lines=[LineQuantity(robe, 5), LineQuantity(purse, 3)],
        actor=actor,
        note="周末补货",
    )

    # then
    transfer.refresh_from_db()
    assert (
        transfer.status,
        transfer.source,
        transfer.destination,
        transfer.dispatched_by,
        transfer.note,
    ) == (
        Transfer.Status.DISPATCHED,
        base,
        cart,
        actor,
        "周末补货",
    )
    assert transfer.received_at is None
    assert sorted(transfer.lines.values_list("variant__sku", "quantity_sent", "quantity_received")) == [
        ("PURSE-RED", 3, None),
        ("ROBE-M", 5, None),
    ]
    assert sorted(transfer.movements.values_list("variant__sku", "location__code", "kind", "quantity")) == [
        ("PURSE-RED", "base", "transfer_out", -3),
        ("ROBE-M", "base", "transfer_out", -5),
    ]
    # in transit: gone from the base, not yet on the cart
    assert levels() == {("ROBE-M", "base"): 3, ("PURSE-RED", "base"): 0}


@pytest.mark.django_db
def test_refuses_more_than_on_hand_and_writes_nothing(actor, base, cart, robe, purse, stock_in):
    # given
    stock_in(robe, 8)
    stock_in(purse, 3)
    before = snapshot()

    # when: the purse line asks for one more than there is
    with pytest.raises(InsufficientStock) as error:
        transfer_create(
            source=base,
            destination=cart,
            lines=[LineQuantity(robe, 5), LineQuantity(purse, 4)],
            actor=actor,
        )

    # then
    assert (error.value.field, error.value.params) == (
        "lines",
        {"sku": "PURSE-RED", "available": 3, "requested": 4},
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_a_variant_never_seen_at_the_source_and_writes_nothing(actor, base, cart, robe):
    # given
    before = snapshot()

    # when
    with pytest.raises(InsufficientStock) as error:
        transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 1)], actor=actor)

    # then
    assert error.value.params == {"sku": "ROBE-M", "available": 0, "requested": 1}
    assert snapshot() == before


@pytest.mark.django_db
def test_pieces_allocated_to_online_orders_cannot_be_sent(actor, base, cart, robe, stock_in):
    # given 5 on hand, 3 of them promised to online orders
    stock_in(robe, 5)
    StockLevel.objects.filter(variant=robe, location=base).update(allocated=3)
    before = snapshot()

    # when
    with pytest.raises(InsufficientStock) as error:
        transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 3)], actor=actor)
    transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 2)], actor=actor)

    # then
    assert error.value.params == {"sku": "ROBE-M", "available": 2, "requested": 3}
    assert before["levels"] == {("ROBE-M", "base"): 5}
    assert levels() == {("ROBE-M", "base"): 3}


@pytest.mark.django_db
def test_same_idempotency_key_returns_the_first_transfer_and_writes_nothing_more(
    actor, base, cart, robe, stock_in
):
    # given
    stock_in(robe, 8)
    first = transfer_create(
        source=base, destination=cart, lines=[LineQuantity(robe, 5)], actor=actor, idempotency_key="tr-1"
    )
    before = snapshot()

    # when: the same request again, which would now be short of stock if it ran
    again = transfer_create(
        source=base, destination=cart, lines=[LineQuantity(robe, 5)], actor=actor, idempotency_key="tr-1"
    )

    # then
    assert again.pk == first.pk
    assert snapshot() == before
    assert levels() == {("ROBE-M", "base"): 3}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "quantities",
    [[], [0], [-2], [2.0], [2, 1]],
    ids=["no-lines", "zero", "negative", "float", "variant-twice"],
)
def test_refuses_bad_lines_and_writes_nothing(actor, base, cart, robe, stock_in, quantities):
    # given
    stock_in(robe, 8)
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        transfer_create(
            source=base, destination=cart, lines=[LineQuantity(robe, q) for q in quantities], actor=actor
        )

    # then
    assert error.value.field == "lines"
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_sending_to_the_source_itself_and_writes_nothing(actor, base, robe, stock_in):
    # given
    stock_in(robe, 8)
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        transfer_create(source=base, destination=base, lines=[LineQuantity(robe, 1)], actor=actor)

    # then
    assert error.value.field == "destination"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("inactive", ["source", "destination"])
def test_refuses_an_inactive_location_and_writes_nothing(actor, base, cart, robe, stock_in, inactive):
    # given
    stock_in(robe, 8)
    locations = {"source": base, "destination": cart}
    locations[inactive].is_active = False
    locations[inactive].save()
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        transfer_create(**locations, lines=[LineQuantity(robe, 1)], actor=actor)

    # then
    assert error.value.field == inactive
    assert snapshot() == before
    assert Movement.objects.filter(kind=Movement.Kind.TRANSFER_OUT).count() == 0
