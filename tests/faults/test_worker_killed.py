"""A Celery pool process killed in the middle of a ledger posting task: the task is acknowledged only
when it ends (acks_late), so the lost one goes back to the queue (reject_on_worker_lost), runs again
in the new pool process, and the sales are posted once.

The task is caught mid-way deterministically: a payout run's lock on the maker's payable account,
held here by the test, keeps it waiting after it has locked the orders and written its journal rows.
The pool process is frozen, its database session ended (a dead client's session would otherwise hold
the orders' locks until it noticed), then killed."""

import os
import signal

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

SALES = 20


def test_a_posting_task_whose_worker_process_is_killed_runs_again_and_posts_once(stack):
    # Given the maker's payable account held (as a payout run holds it),
    holder = stack.connect()
    holder.execute(
        "SELECT id FROM ledger_account WHERE kind = 'artisan_payable' AND artisan_id = %s FOR UPDATE",
        (stack.world["maker_id"],),
    )
    # and a cart's sales recorded, their posting task running and waiting for that account,
    sales = cart_sales(stack, "worker", SALES, prefix="WORKER-7F3A")
    assert synced(sync(stack, "worker", sales))
    first = stack.wait_for_lock_waiter(exclude={holder.info.backend_pid})

    # when the pool process running it is killed,
    (child,) = stack.worker_children()
    os.kill(child, signal.SIGSTOP)
    stack.sql("SELECT pg_terminate_backend(%s)", (first,))
    wait_until(
        lambda: not stack.sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (first,)),
        what="the killed process's session to end",
    )
    os.kill(child, signal.SIGKILL)

    # then the task is delivered again, to the pool's new process, which waits for the account in turn;
    second = stack.wait_for_lock_waiter(exclude={holder.info.backend_pid, first})
    assert child not in stack.worker_children()
    uuids = [s["clientUuid"] for s in sales]
    assert [posted for _, posted in orders_of(stack, uuids)] == [False] * SALES
    # once the payout run lets go, the sales are posted, each line once, and the books balance.
    holder.rollback()
    holder.close()
    wait_until(lambda: all(posted for _, posted in orders_of(stack, uuids)), what="the sales to be posted")
    numbers = [number for number, _ in orders_of(stack, uuids)]
    assert sale_postings(stack, numbers) == dict.fromkeys(numbers, 1)
    assert trial_balance_total(stack) == 0
    assert second != first
    assert "WorkerLostError" in stack.worker_log.read_text()
    assert stack.worker.poll() is None
