"""What the fault tests share: a cart's batch through gunicorn, and reading the ledger back."""

import time

from tests.api.pos_helpers import POS_SYNC, sale

DEVICE = "TAB-7F3A"


def sync(stack, cart_code: str, sales: list[dict]) -> tuple[int, dict]:
    cart = stack.world["carts"][cart_code]
    variables = {"input": {"cart": cart_code, "deviceId": DEVICE, "sales": sales}}
    return stack.graphql(POS_SYNC, variables, token=cart["token"])


def synced(answer) -> bool:
    """The tablet's test: a batch answered with a result per sale (it may drop them from its queue)."""
    status, body = answer
    return status == 200 and not body.get("errors") and bool((body.get("data") or {}).get("posSyncSales"))


def cart_sales(stack, cart_code: str, count: int, prefix: str) -> list[dict]:
    """count sales of one small yak each, as the cart's tablet queues them."""
    shift = stack.world["carts"][cart_code]["shift"]
    return [sale(shift, n, receipt_prefix=prefix) for n in range(count)]


def wait_until(check, timeout: float = 30, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def orders_of(stack, client_uuids: list[str]) -> list[tuple[str, bool]]:
    """(order number, posted to the ledger?) of the cart sales with these UUIDs."""
    return stack.sql(
        "SELECT o.number, o.ledger_posted_at IS NOT NULL FROM carts_possale s"
        " JOIN orders_order o ON o.id = s.order_id WHERE s.client_uuid = ANY(%s::uuid[]) ORDER BY o.number",
        (client_uuids,),
    )


def sale_postings(stack, numbers: list[str]) -> dict[str, int]:
    """{order number: its lines' splits, each with her payable's entry}: one per line when posted
    once (the journal is posted per batch and day: a line's own rows are its split and that entry)."""
    rows = stack.sql(
        "SELECT split_part(s.reference, '/', 1), count(*) FROM ledger_salesplit s"
        " JOIN ledger_journalentry e ON e.sale_split_id = s.id"
        " WHERE split_part(s.reference, '/', 1) = ANY(%s) GROUP BY 1",
        (numbers,),
    )
    return dict(rows)


def trial_balance_total(stack) -> int:
    _, body = stack.graphql(
        "{ ledgerTrialBalance { total { amountFen } } }", token=stack.world["staff_token"]
    )
    return body["data"]["ledgerTrialBalance"]["total"]["amountFen"]
