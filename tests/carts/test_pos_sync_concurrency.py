"""Two tablets syncing at the same moment, each on its own database connection: exactly one order per
client UUID, and the stock down by exactly what was sold (PostgreSQL, committed transactions)."""

import threading

import pytest
from django.db import connection, connections, transaction

from carts.models import PosSale
from carts.services import SyncStatus, operator_create, pos_sync, shift_open
from inventory.services import LineQuantity, intake_create
from orders.models import Order, OrderLine
from tests.carts.pos import line, on_hand, sale

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgresql"),
]


def at_once(*calls):
    """Run each call in its own thread (its own connection), released together; their results."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.fixture
def two_tablets(cart, stocked, keeper, uren):
    intake_create(
        artisan=uren, lines=[LineQuantity(stocked["scarf"], 90)], actor=keeper, location=cart.location
    )
    second = operator_create(username="op-chaka-2", password="gongfang-op", display_name="卓玛", carts=[cart])
    first = operator_create(username="op-chaka-1", password="gongfang-op", display_name="韩梅", carts=[cart])
    return (
        shift_open(cart=cart, operator=first, device_id="tablet-aaaa", opening_cash_fen=0),
        shift_open(cart=cart, operator=second, device_id="tablet-bbbb", opening_cash_fen=0),
    )


def test_the_same_batch_from_two_requests_at_once_is_recorded_once(cart, stocked, two_tablets):
    # given: one tablet's batch, sent twice at the same moment (a retry racing its original)
    shift, _ = two_tablets
    batch = [sale(n, shift, line(stocked["scarf"], 2)) for n in range(30)]

    # when
    first, second = at_once(
        lambda: pos_sync(cart=cart, device_id="tablet-aaaa", sales=batch, actor=None),
        lambda: pos_sync(cart=cart, device_id="tablet-aaaa", sales=batch, actor=None),
    )

    # then: one of them recorded all, the other answered duplicate for all
    answers = sorted([{r.status for r in first}, {r.status for r in second}], key=str)
    assert answers == [{SyncStatus.DUPLICATE}, {SyncStatus.RECORDED}]
    assert (Order.objects.count(), PosSale.objects.count(), OrderLine.objects.count()) == (30, 30, 30)
    assert on_hand(stocked["scarf"], cart.location) == 100 - 60


def test_two_tablets_with_their_own_sales_at_once_record_all_of_them(cart, stocked, two_tablets):
    # given: each tablet's own sales, and two sales both tablets carry (the same UUIDs)
    shift_a, shift_b = two_tablets
    scarf = stocked["scarf"]
    shared = [sale(n, shift_a, line(scarf)) for n in (900, 901)]
    batch_a = [sale(n, shift_a, line(scarf), receipt=f"CHAKA-AAAA-{n:06d}") for n in range(20)] + shared
    batch_b = [sale(100 + n, shift_b, line(scarf), receipt=f"CHAKA-BBBB-{n:06d}") for n in range(25)] + shared

    # when
    results_a, results_b = at_once(
        lambda: pos_sync(cart=cart, device_id="tablet-aaaa", sales=batch_a, actor=None),
        lambda: pos_sync(cart=cart, device_id="tablet-bbbb", sales=batch_b, actor=None),
    )

    # then: 20 + 25 + 2 orders; each shared sale recorded by one request, a duplicate for the other
    assert {r.status for r in results_a[:20]} == {r.status for r in results_b[:25]} == {SyncStatus.RECORDED}
    shared_statuses = sorted([results_a[20].status, results_b[25].status])
    assert shared_statuses == sorted([SyncStatus.RECORDED, SyncStatus.DUPLICATE])
    assert Order.objects.count() == 47
    assert PosSale.objects.values("client_uuid").distinct().count() == 47
    assert on_hand(scarf, cart.location) == 100 - 47


def test_a_tablet_records_its_sales_while_the_other_tablets_batch_is_still_being_written(
    cart, stocked, two_tablets, keeper, uren
):
    # given: tablet A's batch of scarves written but not committed yet (its request still running)
    shift_a, shift_b = two_tablets
    scarf, purse = stocked["scarf"], stocked["purse"]
    intake_create(artisan=uren, lines=[LineQuantity(purse, 10)], actor=keeper, location=cart.location)
    purse_before = on_hand(purse, cart.location)
    written, released = threading.Event(), threading.Event()

    def tablet_a():
        with transaction.atomic():
            results = pos_sync(
                cart=cart,
                device_id="tablet-aaaa",
                sales=[sale(n, shift_a, line(scarf), receipt=f"CHAKA-AAAA-{n:06d}") for n in range(5)],
                actor=None,
            )
            written.set()
            released.wait(timeout=30)
        return results

    def tablet_b():
        # when: tablet B syncs its purses meanwhile; waiting on A's batch would fail it after 3 s
        try:
            assert written.wait(timeout=10)
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '3s'")
            return pos_sync(
                cart=cart,
                device_id="tablet-bbbb",
                sales=[sale(50 + n, shift_b, line(purse), receipt=f"CHAKA-BBBB-{n:06d}") for n in range(3)],
                actor=None,
            )
        finally:
            released.set()

    results_a, results_b = at_once(tablet_a, tablet_b)

    # then: both recorded all their sales, and the stock fell by each
    assert [r.status for r in results_a] == [SyncStatus.RECORDED] * 5
    assert [r.status for r in results_b] == [SyncStatus.RECORDED] * 3
    assert Order.objects.count() == 8
    assert on_hand(scarf, cart.location) == 100 - 5
    assert on_hand(purse, cart.location) == purse_before - 3
