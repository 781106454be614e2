"""Stock on hand equals the sum of movements, after any sequence of intakes, transfers, receipts,
adjustments, counts, sales and returns; and nothing but a sale ever takes a level below zero."""

from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InsufficientStock
from inventory.models import Location, Movement, StockLevel
from inventory.services import (
    CountedLine,
    LineQuantity,
    ReceivedLine,
    SoldLine,
    intake_create,
    stock_adjust,
    stock_count_submit,
    stock_return,
    stock_sell,
    transfer_create,
    transfer_receive,
)
from tests import factories
from tests.inventory.stock import movement_sums

variant_index = st.integers(0, 2)
location_index = st.integers(0, 2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("intake"), variant_index, location_index, st.integers(1, 5)),
        st.tuples(st.just("transfer"), variant_index, location_index, st.integers(1, 2), st.integers(1, 6)),
        st.tuples(st.just("receive"), st.integers(0, 5), st.integers(0, 6)),
        st.tuples(st.just("adjust"), variant_index, location_index, st.integers(-6, 6).filter(bool)),
        st.tuples(st.just("count"), variant_index, location_index, st.integers(0, 6)),
        st.tuples(
            st.just("sell"),
            st.lists(st.tuples(variant_index, st.integers(1, 4)), min_size=1, max_size=4),
            location_index,
        ),
        st.tuples(st.just("return"), variant_index, location_index, st.integers(1, 3)),
    ),
    max_size=15,
)


@pytest.fixture
def world(db):
    artisan = factories.ArtisanFactory()
    return {
        "actor": factories.UserFactory(),
        "variants": [factories.VariantFactory(artisan=artisan) for _ in range(3)],
        "locations": [
            factories.LocationFactory(kind=Location.Kind.BASE),
            factories.LocationFactory(kind=Location.Kind.CART),
            factories.LocationFactory(kind=Location.Kind.CART),
        ],
    }


def assert_projection_matches(expected: dict, sold: set):
    quantities = {(level.variant_id, level.location_id): level.quantity for level in StockLevel.objects.all()}
    sums = movement_sums()
    for key in quantities.keys() | sums.keys():
        assert quantities.get(key, 0) == sums.get(key, 0), key
        assert quantities.get(key, 0) == expected.get(key, 0), key
    assert all(quantity >= 0 for key, quantity in quantities.items() if key not in sold), quantities


def apply(operation, world, expected, in_transit, sold):
    """Carry out one operation, and the same on the plain-Python model of on hand in `expected`."""
    actor, variants, locations = world["actor"], world["variants"], world["locations"]
    name, *args = operation
    if name == "intake":
        v, loc, quantity = variants[args[0]], locations[args[1]], args[2]
        intake_create(artisan=v.artisan, lines=[LineQuantity(v, quantity)], actor=actor, location=loc)
        expected[v.pk, loc.pk] += quantity
    elif name == "transfer":
        v, source, quantity = variants[args[0]], locations[args[1]], args[3]
        destination = locations[(args[1] + args[2]) % 3]
        try:
            transfer = transfer_create(
                source=source, destination=destination, lines=[LineQuantity(v, quantity)], actor=actor
            )
        except InsufficientStock:
            assert expected[v.pk, source.pk] < quantity
        else:
            expected[v.pk, source.pk] -= quantity
            in_transit.append(transfer)
    elif name == "receive" and in_transit:
        transfer = in_transit.pop(args[0] % len(in_transit))
        line = transfer.lines.get()
        transfer_receive(transfer=transfer, lines=[ReceivedLine(line.variant, args[1])], actor=actor)
        expected[line.variant_id, transfer.destination_id] += args[1]
    elif name == "adjust":
        v, loc, delta = variants[args[0]], locations[args[1]], args[2]
        try:
            stock_adjust(variant=v, location=loc, quantity=delta, reason="测试", actor=actor)
        except InsufficientStock:
            assert expected[v.pk, loc.pk] + delta < 0
        else:
            expected[v.pk, loc.pk] += delta
    elif name == "count":
        v, loc, counted = variants[args[0]], locations[args[1]], args[2]
        stock_count_submit(location=loc, lines=[CountedLine(v, counted)], actor=actor)
        expected[v.pk, loc.pk] = counted
    elif name == "sell":
        pieces, loc = args[0], locations[args[1]]
        lines = [SoldLine(variants[index].pk, quantity, "C-test") for index, quantity in pieces]
        below = stock_sell(location=loc, lines=lines, actor=actor)
        for line in lines:
            expected[line.variant_id, loc.pk] -= line.quantity
            sold.add((line.variant_id, loc.pk))
        assert below == {line.variant_id for line in lines if expected[line.variant_id, loc.pk] < 0}
    elif name == "return":
        v, loc, quantity = variants[args[0]], locations[args[1]], args[2]
        stock_return(location=loc, lines=[SoldLine(v.pk, quantity, "C-test")], actor=actor)
        expected[v.pk, loc.pk] += quantity


# The world fixture is built once per test and shared by the examples; each example runs in a
# savepoint that is rolled back, so no example sees another's stock.
@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_on_hand_always_equals_the_sum_of_movements(world, operations):
    with transaction.atomic():
        expected = defaultdict(int)
        in_transit, sold = [], set()
        for operation in operations:
            apply(operation, world, expected, in_transit, sold)
            assert_projection_matches(expected, sold)
        transaction.set_rollback(True)
    assert Movement.objects.count() == 0
