"""Paid order lines and refunds into the ledger (its splits), after the transaction that made them.

Posting runs as a Celery task once the order or refund is committed, so a cart's sync or a checkout
never waits on the ledger; a sweep (Celery beat) posts whatever a lost task left behind. Both are
idempotent: the ledger skips a line or refund it already has.
"""

from collections.abc import Iterable

from django.db import transaction


def ledger_posting_schedule(*, order_ids: Iterable[int] = (), refund_ids: Iterable[int] = ()) -> None:
    """Post these orders' lines and these refunds once the current transaction commits.

    robust: a broker that is down must not fail the sale that was just recorded; the sweep posts it.
    """
    order_ids, refund_ids = list(order_ids), list(refund_ids)
    if not order_ids and not refund_ids:
        return

    def enqueue():
        from orders.tasks.posting import ledger_post

        ledger_post.delay(order_ids=order_ids, refund_ids=refund_ids)

    transaction.on_commit(enqueue, robust=True)
