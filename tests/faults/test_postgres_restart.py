"""PostgreSQL restarted while a cart's batch of sales, or a payout run, is half written: the request
fails, nothing of it stays, the retry records it once, and the web workers' next requests succeed.

The restart is made to land mid-transaction deterministically: the test holds one row the
transaction needs (a stock level; an artisan's payable account) and restarts the server once the
request is seen waiting for it, after it has written its orders (or its payout run)."""

import datetime
import threading
import time

import pytest

from tests.api.pos_helpers import sale
from tests.faults.support import sync, synced, trial_balance_total, wait_until

pytestmark = pytest.mark.xdist_group("faults")

BATCH = 300
PAYOUT_RUN = """
mutation Run($input: PayoutRunCreateInput!) {
  payoutRunCreate(input: $input) {
    payoutRun { runDate payouts { artisan { code } amount { amountFen } status } }
    errors { field code message }
  }
}
"""


def in_thread(call) -> dict:
    """Start call() in a thread; the returned dict gets "answer" when it returns."""
    box = {}

    def run():
        box["answer"] = call()

    box["thread"] = threading.Thread(target=run, daemon=True)
    box["thread"].start()
    return box


def until_answered(call, accept, tries: int = 20) -> tuple[object, int]:
    """Call again (as the tablet or the office would) until accept(answer); (answer, failed tries)."""
    for failures in range(tries):
        answer = call()
        if accept(answer):
            return answer, failures
        time.sleep(0.25)
    raise AssertionError(f"no success after {tries} tries: {answer}")


def failed_inside(answer, mutation: str) -> bool:
    """The API's answer to a mutation the database failed under: a GraphQL error, no payload."""
    status, body = answer
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
    return (status, codes, body.get("data")) == (200, ["INTERNAL_ERROR"], {mutation: None})


def web_keeps_serving(stack, requests: int = 6) -> list[int]:
    """The statuses of a few requests, which reach both gunicorn workers."""
    return [stack.get("/healthz/")[0] for _ in range(requests)]


def stock(stack, location_id: int) -> dict[int, int]:
    rows = stack.sql(
        "SELECT variant_id, quantity FROM inventory_stocklevel WHERE location_id = %s", (location_id,)
    )
    return dict(rows)


def test_a_batch_cut_off_by_a_restart_is_recorded_once_when_the_tablet_sends_it_again(stack):
    cart = stack.world["carts"]["pg"]
    small, large = stack.world["variants"]["YAK-S"], stack.world["variants"]["YAK-L"]
    sales = [
        sale(
            cart["shift"],
            n,
            lines=(("YAK-S", 1 + n % 2, 12800), ("YAK-L", 1, 25600)),
            receipt_prefix="PG-7F3A",
        )
        for n in range(BATCH)
    ]
    sold = {small: sum(1 + n % 2 for n in range(BATCH)), large: BATCH}
    before = stock(stack, cart["location_id"])

    def send():
        return sync(stack, "pg", sales)

    # Given the batch waiting, its orders written, for the stock row the test holds,
    holder = stack.connect()
    holder.execute(
        "SELECT quantity FROM inventory_stocklevel WHERE location_id = %s AND variant_id = %s FOR UPDATE",
        (cart["location_id"], small),
    )
    first = in_thread(send)
    stack.wait_for_lock_waiter(exclude={holder.info.backend_pid})
    # when PostgreSQL restarts,
    stack.restart_postgres("fast")
    holder.close()
    first["thread"].join(timeout=60)

    # then the tablet is told the server failed (no result per sale: it keeps them queued), and
    # none of them is recorded;
    assert failed_inside(first["answer"], "posSyncSales")
    uuids = [s["clientUuid"] for s in sales]
    assert stack.sql("SELECT count(*) FROM carts_possale WHERE client_uuid = ANY(%s::uuid[])", (uuids,)) == [
        (0,)
    ]
    assert stock(stack, cart["location_id"]) == before
    # both web workers serve again at once (their dead connections are replaced),
    assert web_keeps_serving(stack) == [200] * 6

    # sent again, the batch is recorded, each sale once,
    (status, body), failures = until_answered(send, synced)
    assert failures == 0
    results = body["data"]["posSyncSales"]["results"]
    assert [(r["clientUuid"], r["status"]) for r in results] == [(u, "RECORDED") for u in uuids]
    # and sent a third time, answered as duplicates, with nothing written.
    _, again = send()
    assert {r["status"] for r in again["data"]["posSyncSales"]["results"]} == {"DUPLICATE"}

    assert stack.sql(
        "SELECT count(*), count(DISTINCT order_id) FROM carts_possale WHERE client_uuid = ANY(%s::uuid[])",
        (uuids,),
    ) == [(BATCH, BATCH)]
    after = stock(stack, cart["location_id"])
    assert {variant: before[variant] - after[variant] for variant in sold} == sold
    movements = stack.sql(
        "SELECT variant_id, count(*), -sum(quantity) FROM inventory_movement"
        " WHERE location_id = %s AND kind = 'sale' GROUP BY variant_id",
        (cart["location_id"],),
    )
    assert {variant: (count, quantity) for variant, count, quantity in movements} == {
        small: (BATCH, sold[small]),
        large: (BATCH, sold[large]),
    }


def payable_due(stack, artisan_ids: list[int]) -> dict[int, int]:
    """Each artisan's balance available now (her payable's credit), in fen."""
    rows = stack.sql(
        "SELECT a.artisan_id, -sum(e.amount_fen) FROM ledger_account a JOIN ledger_journalentry e"
        " ON e.account_id = a.id WHERE a.kind = 'artisan_payable' AND a.artisan_id = ANY(%s)"
        " AND e.available_at <= %s GROUP BY a.artisan_id",
        # The app's clock, which these tests share (a run at another date moves both), not PostgreSQL's.
        (artisan_ids, datetime.datetime.now(datetime.UTC)),
    )
    return dict(rows)


def test_a_payout_run_cut_off_by_a_restart_pays_each_artisan_once_when_run_again(stack):
    staff = stack.world["staff_token"]
    payees = stack.world["payee_ids"]
    # (The sales of the tests before are in the ledger: the balances stand still.)
    wait_until(
        lambda: stack.sql("SELECT count(*) FROM orders_order WHERE ledger_posted_at IS NULL") == [(0,)],
        what="earlier sales to be posted",
    )
    due = payable_due(stack, payees)
    assert len(due) == len(payees) and min(due.values()) >= 10_000
    variables = {"input": {"runDate": "2026-11-30", "minimumFen": 10_000}}

    def run():
        return stack.graphql(PAYOUT_RUN, variables, token=staff)

    def paid(answer) -> bool:
        status, body = answer
        payload = (body.get("data") or {}).get("payoutRunCreate") or {}
        return status == 200 and not body.get("errors") and payload.get("errors") == []

    # Given the run waiting, its run row written and the other payables locked, for the last
    # artisan's payable account, which the test holds,
    holder = stack.connect()
    holder.execute(
        "SELECT id FROM ledger_account WHERE kind = 'artisan_payable' ORDER BY id DESC LIMIT 1 FOR UPDATE"
    )
    first = in_thread(run)
    stack.wait_for_lock_waiter(exclude={holder.info.backend_pid})
    # when PostgreSQL restarts (harshly: no shutdown checkpoint, crash recovery on start),
    stack.restart_postgres("immediate")
    holder.close()
    first["thread"].join(timeout=60)

    # then the office is told the server failed, and nothing of the run stays;
    assert failed_inside(first["answer"], "payoutRunCreate")
    assert stack.sql("SELECT count(*) FROM ledger_payoutrun") == [(0,)]
    assert stack.sql("SELECT count(*) FROM ledger_payout") == [(0,)]
    assert stack.sql("SELECT count(*) FROM ledger_journaltransaction WHERE kind = 'payout'") == [(0,)]
    assert web_keeps_serving(stack) == [200] * 6

    # run again, it pays each artisan her whole due balance, once;
    (status, body), failures = until_answered(run, paid)
    assert failures == 0
    payouts = body["data"]["payoutRunCreate"]["payoutRun"]["payouts"]
    codes = dict(stack.sql("SELECT id, code FROM artisans_artisan WHERE id = ANY(%s)", (payees,)))
    assert sorted((p["artisan"]["code"], p["amount"]["amountFen"]) for p in payouts) == sorted(
        (codes[artisan], amount) for artisan, amount in due.items()
    )
    # run a third time, nobody is paid again;
    _, again = run()
    assert len(again["data"]["payoutRunCreate"]["payoutRun"]["payouts"]) == len(payouts)
    assert stack.sql("SELECT count(*), count(DISTINCT artisan_id) FROM ledger_payout") == [
        (len(due), len(due))
    ]
    assert stack.sql("SELECT count(*) FROM ledger_journaltransaction WHERE kind = 'payout'") == [(len(due),)]
    # and the books balance, each paid balance now nil.
    assert trial_balance_total(stack) == 0
    assert set(payable_due(stack, payees).values()) == {0}
