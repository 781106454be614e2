"""The stock holds' two statements in plain SQL (inventory.services.holds: the levels of some
(location, variant) pairs and of a reference's active holds, locked in id order; the levels'
allocated counts written back) answer and write exactly what the ORM's way does (a queryset of the
levels' ids, FOR UPDATE in id order; bulk_update), for any levels, holds and pairs, and refuse alike
what the database refuses (allocated below zero), writing nothing then."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.models import Location, StockHold, StockLevel
from inventory.services.holds import _active, _lock, _save_allocated
from tests import factories

NOW = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
REFERENCES = ("checkout:a", "order:W00000001")
KINDS = (StockHold.Kind.RESERVATION, StockHold.Kind.ALLOCATION)

place = st.tuples(st.integers(0, 1), st.integers(0, 2))  # (location, variant) of the world's 2 × 3
levels = st.dictionaries(place, st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=3, max_size=6)
holds = st.lists(
    st.tuples(place, st.sampled_from(REFERENCES), st.sampled_from(KINDS), st.booleans(), st.integers(1, 3)),
    min_size=2,
    max_size=8,
)
asked = st.tuples(st.sampled_from(REFERENCES), st.one_of(st.none(), st.sampled_from(KINDS)))


@pytest.fixture
def world(db):
    artisan = factories.ArtisanFactory()
    return {
        "locations": [factories.LocationFactory(kind=Location.Kind.CART) for _ in range(2)],
        "variants": [factories.VariantFactory(artisan=artisan) for _ in range(3)],
    }


def ids(world, where):
    location, variant = where
    return world["locations"][location].pk, world["variants"][variant].pk


def stock(world, stocked, *, allocated=False):
    """The levels: {(location, variant): (quantity, allocated)}; allocated 0 unless asked."""
    StockLevel.objects.bulk_create(
        StockLevel(
            location_id=ids(world, where)[0],
            variant_id=ids(world, where)[1],
            quantity=quantity,
            allocated=held if allocated else 0,
        )
        for where, (quantity, held) in stocked.items()
    )


def rows() -> list[tuple]:
    return list(StockLevel.objects.order_by("pk").values_list("pk", "quantity", "allocated", "updated_at"))


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stocked=levels, held=holds, pairs=st.sets(place, max_size=4), reference_kind=asked)
def test_the_plain_sql_lock_finds_the_levels_the_orm_queryset_locks(
    world, stocked, held, pairs, reference_kind
):
    with transaction.atomic():
        stock(world, stocked)
        StockHold.objects.bulk_create(
            StockHold(
                location_id=ids(world, where)[0],
                variant_id=ids(world, where)[1],
                quantity=quantity,
                kind=kind,
                reference=reference,
                expires_at=NOW if kind == StockHold.Kind.RESERVATION else None,
                released_at=NOW if released else None,
            )
            for where, reference, kind, released, quantity in held
        )
        wanted = [ids(world, where) for where in pairs]

        plain = _lock(wanted, reference_kind)
        orm = _lock(wanted, _active(*reference_kind))

        def seen(found):
            return {key: (level.pk, level.quantity, level.allocated) for key, level in found.items()}

        assert seen(plain) == seen(orm)
        assert list(plain) == sorted(plain, key=lambda key: plain[key].pk)  # in id order, as locked
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stocked=levels, allocated=st.lists(st.integers(-2, 9), min_size=6, max_size=6))
def test_the_plain_sql_update_writes_what_bulk_update_writes(world, stocked, allocated, time_machine):
    time_machine.move_to(NOW - datetime.timedelta(days=1), tick=False)
    with transaction.atomic():
        stock(world, stocked, allocated=True)
        before = rows()
        time_machine.move_to(NOW, tick=False)

        def outcome(write):
            levels = list(StockLevel.objects.order_by("pk"))
            for level, count in zip(levels, allocated, strict=False):
                level.allocated = count
            try:
                with transaction.atomic():
                    write(levels)
            except IntegrityError as error:
                return ("refused", str(error).splitlines()[0]), rows()
            written = rows()
            StockLevel.objects.bulk_update(
                [StockLevel(pk=pk, quantity=q, allocated=a, updated_at=u) for pk, q, a, u in before],
                ["allocated", "updated_at"],
            )
            return ("written", [level.updated_at for level in levels]), written

        def orm_way(levels):
            for level in levels:
                level.updated_at = NOW
            StockLevel.objects.bulk_update(levels, ["allocated", "updated_at"])

        plain, orm = outcome(_save_allocated), outcome(orm_way)

        assert plain == orm
        if plain[0][0] == "refused":
            assert plain[1] == before  # nothing written
        transaction.set_rollback(True)
