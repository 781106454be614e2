"""A batch's ledger posting is owed from the database, not from the broker: its outbox row is written
in the batch's own transaction. A batch whose task never went out (the broker down at its commit, as
when the web worker dies right after it) is posted within seconds once tasks flow again: by the next
batch's task, without waiting for the five-minute sweep."""

import time

import pytest

from tests.faults.support import (
    cart_sales,
    orders_of,
    sale_postings,
    sync,
    synced,
    trial_balance_total,
    wait_until,
)

pytestmark = pytest.mark.xdist_group("faults")

DRAIN = "orders.tasks.posting.ledger_outbox_drain_due"


def outbox_rows(stack) -> int:
    return stack.sql("SELECT count(*) FROM orders_ledgeroutbox")[0][0]


def test_a_batch_whose_task_was_lost_is_posted_by_the_next_batch_s_task_within_seconds(stack):
    # Given a batch recorded while its task could not be sent (the broker down at the commit),
    before = outbox_rows(stack)
    stack.stop_redis()
    try:
        lost = cart_sales(stack, "outbox", 5, prefix="OUTBOX-7F3A")
        assert synced(sync(stack, "outbox", lost))
    finally:
        stack.start_redis()
    lost_uuids = [s["clientUuid"] for s in lost]
    # its orders unposted, and owed in the outbox;
    assert [posted for _, posted in orders_of(stack, lost_uuids)] == [False] * 5
    assert outbox_rows(stack) == before + 1
    time.sleep(5.5)  # older than a task takes: its task is lost

    # when the next batch is synced (no sweep is sent),
    started = time.monotonic()
    later = cart_sales(stack, "outbox", 3, prefix="OUTBOX-8F3A")
    assert synced(sync(stack, "outbox", later))

    # then its task posts both batches within seconds, each line once, and the outbox is empty;
    uuids = lost_uuids + [s["clientUuid"] for s in later]
    wait_until(lambda: all(posted for _, posted in orders_of(stack, uuids)), timeout=15, what="the posting")
    assert time.monotonic() - started < 15
    numbers = [number for number, _ in orders_of(stack, uuids)]
    assert sale_postings(stack, numbers) == dict.fromkeys(numbers, 1)
    assert outbox_rows(stack) == 0
    assert trial_balance_total(stack) == 0
    # and beat's short drain, sent as beat sends it, finds nothing more to do.
    stack.send_task(DRAIN)
    wait_until(lambda: f"{DRAIN}[" in stack.worker_log.read_text(), what="the drain task to run")
    assert sale_postings(stack, numbers) == dict.fromkeys(numbers, 1)
