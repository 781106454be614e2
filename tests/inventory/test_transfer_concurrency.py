"""Two transfers racing for the same pieces on PostgreSQL: the row lock makes the second one wait and
then count what the first one left."""

import threading
import time

import pytest
from django.db import connection, transaction

from core.errors import InsufficientStock
from inventory.models import Location, Movement, Transfer
from inventory.services import LineQuantity, intake_create, transfer_create
from tests import factories
from tests.inventory.stock import on_hand

pytestmark = pytest.mark.usefixtures("require_postgresql")


@pytest.fixture
def five_robes(transactional_db):
    actor = factories.UserFactory(username="keeper")
    base = factories.LocationFactory(code="base", kind=Location.Kind.BASE)
    carts = [factories.LocationFactory(code=f"cart-{i}", kind=Location.Kind.CART) for i in range(6)]
    robe = factories.VariantFactory(sku="ROBE-M")
    intake_create(artisan=robe.artisan, lines=[LineQuantity(robe, 5)], actor=actor, location=base)
    return actor, base, carts, robe


def backend_pid() -> int:
    """This thread's PostgreSQL session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def lock_wait(pids: dict, name: str, timeout: float = 10) -> str:
    """Wait until the session of the thread called name waits for a lock another transaction holds
    (PostgreSQL's pg_stat_activity says so); answers what it waits for ('transactionid': the holder's
    commit)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if name in pids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT wait_event FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'",
                    [pids[name]],
                )
                waiting = cursor.fetchone()
            if waiting:
                return waiting[0]
        time.sleep(0.01)
    raise AssertionError(f"{name} never came to wait for a lock")


def in_thread(target, outcomes, name):
    """Run target on its own connection; record what it returned or raised."""

    def run():
        try:
            outcomes[name] = target()
        except Exception as error:  # reported to the main thread
            outcomes[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_the_second_transfer_waits_for_the_first_and_is_refused(five_robes):
    # given 5 robes at the base and a first transfer of 3 holding its lock, not yet committed
    actor, base, carts, robe = five_robes
    first_locked, release_first = threading.Event(), threading.Event()
    outcomes = {}

    def first():
        with transaction.atomic():
            transfer = transfer_create(
                source=base, destination=carts[0], lines=[LineQuantity(robe, 3)], actor=actor
            )
            first_locked.set()
            release_first.wait(timeout=10)
        return transfer

    def second():
        pids["second"] = backend_pid()
        first_locked.wait(timeout=10)
        return transfer_create(source=base, destination=carts[1], lines=[LineQuantity(robe, 3)], actor=actor)

    # when: the second comes to wait for the first's lock, then the first commits
    pids = {}
    threads = [in_thread(first, outcomes, "first"), in_thread(second, outcomes, "second")]
    first_locked.wait(timeout=10)
    second_waited_for = lock_wait(pids, "second")
    release_first.set()
    for thread in threads:
        thread.join(timeout=20)

    # then: it waited for the first's commit, and counted what the first left
    assert second_waited_for == "transactionid"
    assert isinstance(outcomes["first"], Transfer)
    assert isinstance(outcomes["second"], InsufficientStock)
    assert outcomes["second"].params == {"sku": "ROBE-M", "available": 2, "requested": 3}
    assert on_hand(robe, base) == 2
    assert list(
        Movement.objects.filter(kind=Movement.Kind.TRANSFER_OUT).values_list("quantity", flat=True)
    ) == [-3]


@pytest.mark.django_db(transaction=True)
def test_six_transfers_at_once_send_no_more_than_five(five_robes):
    # given
    actor, base, carts, robe = five_robes
    start = threading.Barrier(len(carts))
    outcomes = {}

    def send(cart):
        def go():
            start.wait(timeout=10)
            return transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 2)], actor=actor)

        return go

    # when
    threads = [in_thread(send(cart), outcomes, cart.code) for cart in carts]
    for thread in threads:
        thread.join(timeout=30)

    # then: two transfers of 2 fit in 5, the other four are refused
    kinds = sorted(type(outcome).__name__ for outcome in outcomes.values())
    assert kinds == ["InsufficientStock"] * 4 + ["Transfer"] * 2
    assert on_hand(robe, base) == 1
    assert sorted(
        Movement.objects.filter(kind=Movement.Kind.TRANSFER_OUT).values_list("quantity", flat=True)
    ) == [
        -2,
        -2,
    ]


@pytest.mark.django_db(transaction=True)
def test_a_retry_racing_its_original_makes_one_transfer(five_robes):
    # given the original request holding its idempotency key, not yet committed
    actor, base, carts, robe = five_robes
    first_inserted, release_first = threading.Event(), threading.Event()
    outcomes = {}

    def request():
        return transfer_create(
            source=base,
            destination=carts[0],
            lines=[LineQuantity(robe, 4)],
            actor=actor,
            idempotency_key="tr-9",
        )

    def original():
        with transaction.atomic():
            transfer = request()
            first_inserted.set()
            release_first.wait(timeout=10)
        return transfer

    def retry():
        pids["retry"] = backend_pid()
        first_inserted.wait(timeout=10)
        return request()

    # when: the retry comes to wait for the original's key, then the original commits
    pids = {}
    threads = [in_thread(original, outcomes, "original"), in_thread(retry, outcomes, "retry")]
    first_inserted.wait(timeout=10)
    retry_waited_for = lock_wait(pids, "retry")
    release_first.set()
    for thread in threads:
        thread.join(timeout=20)

    # then: it waited for the original's commit and answered the original's transfer
    assert retry_waited_for == "transactionid"
    assert isinstance(outcomes["retry"], Transfer), outcomes["retry"]
    assert outcomes["retry"].pk == outcomes["original"].pk
    assert Transfer.objects.count() == 1
    assert on_hand(robe, base) == 1
