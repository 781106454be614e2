import pytest

from core.errors import InvalidState, ValidationFailed
from inventory.models import Movement, Transfer
from inventory.selectors import transfer_discrepancies
from inventory.services import LineQuantity, ReceivedLine, transfer_create, transfer_receive
from tests.inventory.stock import levels, snapshot


@pytest.fixture
def in_transit(actor, base, cart, robe, purse, stock_in):
    """5 robes and 2 purses on their way from the base (8 robes, 2 purses) to the Chaka cart."""
    stock_in(robe, 8)
    stock_in(purse, 2)
    return transfer_create(
        source=base, destination=cart, lines=[LineQuantity(robe, 5), LineQuantity(purse, 2)], actor=actor
    )


@pytest.mark.django_db
def test_everything_arrives(in_transit, actor, robe, purse):
    # given
    clerk = actor

    # when
    transfer = transfer_receive(
        transfer=in_transit, lines=[ReceivedLine(robe, 5), ReceivedLine(purse, 2)], actor=clerk
    )

    # then
    transfer.refresh_from_db()
    assert (transfer.status, transfer.received_by) == (Transfer.Status.RECEIVED, clerk)
    assert transfer.received_at is not None
    assert sorted(transfer.lines.values_list("variant__sku", "quantity_sent", "quantity_received")) == [
        ("PURSE-RED", 2, 2),
        ("ROBE-M", 5, 5),
    ]
    assert sorted(
        transfer.movements.filter(kind=Movement.Kind.TRANSFER_IN).values_list(
            "variant__sku", "location__code", "quantity"
        )
    ) == [("PURSE-RED", "cart-chaka", 2), ("ROBE-M", "cart-chaka", 5)]
    assert levels() == {
        ("ROBE-M", "base"): 3,
        ("PURSE-RED", "base"): 0,
        ("ROBE-M", "cart-chaka"): 5,
        ("PURSE-RED", "cart-chaka"): 2,
    }
    assert transfer_discrepancies(transfer=transfer) == []


@pytest.mark.django_db
def test_sent_five_received_four_keeps_the_discrepancy(in_transit, actor, robe, purse):
    # when: one robe went missing and no purse arrived
    transfer = transfer_receive(
        transfer=in_transit,
        lines=[ReceivedLine(robe, 4, note="少一件"), ReceivedLine(purse, 0, note="整包未到")],
        actor=actor,
    )

    # then: the destination gains what arrived, the source stays down by what was sent
    assert levels() == {
        ("ROBE-M", "base"): 3,
        ("PURSE-RED", "base"): 0,
        ("ROBE-M", "cart-chaka"): 4,
    }
    assert list(
        transfer.movements.filter(kind=Movement.Kind.TRANSFER_IN).values_list("quantity", flat=True)
    ) == [4]
    robe_line = transfer.lines.get(variant=robe)
    assert (robe_line.quantity_received, robe_line.discrepancy, robe_line.discrepancy_note) == (
        4,
        -1,
        "少一件",
    )
    rows = transfer_discrepancies(transfer=transfer)
    assert [(r.sku, r.quantity_sent, r.quantity_received, r.discrepancy, r.note) for r in rows] == [
        ("PURSE-RED", 2, 0, -2, "整包未到"),
        ("ROBE-M", 5, 4, -1, "少一件"),
    ]


@pytest.mark.django_db
def test_a_transfer_is_received_once(in_transit, actor, robe, purse):
    # given
    transfer_receive(transfer=in_transit, lines=[ReceivedLine(robe, 5), ReceivedLine(purse, 2)], actor=actor)
    before = snapshot()

    # when: the stale object is received again
    with pytest.raises(InvalidState):
        transfer_receive(
            transfer=in_transit, lines=[ReceivedLine(robe, 5), ReceivedLine(purse, 2)], actor=actor
        )

    # then
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [
        lambda robe, purse, scarf: [ReceivedLine(robe, 5)],
        lambda robe, purse, scarf: [ReceivedLine(robe, 5), ReceivedLine(purse, 2), ReceivedLine(scarf, 1)],
        lambda robe, purse, scarf: [ReceivedLine(robe, 5), ReceivedLine(scarf, 2)],
        lambda robe, purse, scarf: [ReceivedLine(robe, -1), ReceivedLine(purse, 2)],
        lambda robe, purse, scarf: [ReceivedLine(robe, 5), ReceivedLine(robe, 5)],
        lambda robe, purse, scarf: [],
        lambda robe, purse, scarf: [ReceivedLine(robe, 5), ReceivedLine(purse, 2, note="长" * 301)],
    ],
    ids=[
        "line-missing",
        "extra-variant",
        "wrong-variant",
        "negative",
        "variant-twice",
        "no-lines",
        "long-note",
    ],
)
def test_refuses_an_answer_that_does_not_match_the_transfer_and_writes_nothing(
    in_transit, actor, robe, purse, scarf, answer
):
    # given
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        transfer_receive(transfer=in_transit, lines=answer(robe, purse, scarf), actor=actor)

    # then
    assert error.value.field == "lines"
    assert snapshot() == before
    in_transit.refresh_from_db()
    assert (in_transit.status, in_transit.received_at) == (Transfer.Status.DISPATCHED, None)
