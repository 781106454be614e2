import pytest

from core.errors import ValidationFailed
from inventory.models import Movement, StockCount
from inventory.services import CountedLine, LineQuantity, stock_count_submit, transfer_create
from tests.inventory.stock import levels, snapshot


@pytest.fixture
def shelf(actor, base, cart, robe, purse, stock_in):
    """The base holds 5 robes and 3 purses."""
    stock_in(robe, 5)
    stock_in(purse, 3)


@pytest.mark.django_db
def test_each_variance_becomes_a_count_correction(shelf, actor, base, robe, purse, scarf):
    # when: one robe short, purses right, a scarf the books did not know about
    count = stock_count_submit(
        location=base,
        lines=[CountedLine(robe, 4), CountedLine(purse, 3), CountedLine(scarf, 1)],
        actor=actor,
        note="月末盘点",
    )

    # then
    count.refresh_from_db()
    assert (count.location, count.counted_by, count.note) == (base, actor, "月末盘点")
    assert sorted(count.lines.values_list("variant__sku", "expected", "counted")) == [
        ("PURSE-RED", 3, 3),
        ("ROBE-M", 5, 4),
        ("SCARF-BLUE", 0, 1),
    ]
    assert sorted(
        count.movements.values_list("variant__sku", "location__code", "kind", "quantity", "actor")
    ) == [
        ("ROBE-M", "base", "count_correction", -1, actor.pk),
        ("SCARF-BLUE", "base", "count_correction", 1, actor.pk),
    ]
    assert levels() == {("ROBE-M", "base"): 4, ("PURSE-RED", "base"): 3, ("SCARF-BLUE", "base"): 1}


@pytest.mark.django_db
def test_expected_is_what_is_on_hand_when_submitted(shelf, actor, base, cart, robe):
    # given: two robes left for the cart after the count sheet was printed
    transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 2)], actor=actor)

    # when
    count = stock_count_submit(location=base, lines=[CountedLine(robe, 3)], actor=actor)

    # then
    assert list(count.lines.values_list("expected", "counted")) == [(3, 3)]
    assert count.movements.count() == 0


@pytest.mark.django_db
def test_counting_zero_empties_the_shelf(shelf, actor, base, robe):
    # when
    count = stock_count_submit(location=base, lines=[CountedLine(robe, 0)], actor=actor)

    # then
    assert list(count.movements.values_list("kind", "quantity")) == [(Movement.Kind.COUNT_CORRECTION, -5)]
    assert levels()[("ROBE-M", "base")] == 0


@pytest.mark.django_db
def test_same_idempotency_key_returns_the_first_count_and_writes_nothing_more(shelf, actor, base, robe):
    # given
    first = stock_count_submit(
        location=base, lines=[CountedLine(robe, 4)], actor=actor, idempotency_key="ct-1"
    )
    before = snapshot()

    # when: resent by a tablet that never saw the answer
    again = stock_count_submit(
        location=base, lines=[CountedLine(robe, 4)], actor=actor, idempotency_key="ct-1"
    )

    # then
    assert again.pk == first.pk
    assert snapshot() == before
    assert StockCount.objects.count() == 1
    assert levels()[("ROBE-M", "base")] == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "counted",
    [[], [-1], [1.0], [None], [2, 2]],
    ids=["no-lines", "negative", "float", "none", "variant-twice"],
)
def test_refuses_bad_lines_and_writes_nothing(shelf, actor, base, robe, counted):
    # given
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        stock_count_submit(location=base, lines=[CountedLine(robe, c) for c in counted], actor=actor)

    # then
    assert error.value.field == "lines"
    assert snapshot() == before


@pytest.mark.django_db
def test_refuses_an_inactive_location_and_writes_nothing(shelf, actor, cart, robe):
    # given
    cart.is_active = False
    cart.save()
    before = snapshot()

    # when
    with pytest.raises(ValidationFailed) as error:
        stock_count_submit(location=cart, lines=[CountedLine(robe, 1)], actor=actor)

    # then
    assert error.value.field == "location"
    assert snapshot() == before
