"""Ledger posting tasks: paid order lines and refunds into the ledger, the outbox's drain, the sweep."""

from celery import shared_task

from orders.services.posting import (
    LIMIT,
    ledger_outbox_drain,
    orders_post_to_ledger,
    refunds_post_to_ledger,
)

__all__ = ["ledger_outbox_drain_due", "ledger_post", "ledger_post_pending"]

# The sweep posts at most this many batches a run; whatever is left waits five minutes for the next.
SWEEP_BATCHES = 20


@shared_task(acks_late=True, ignore_result=True)
def ledger_post(*, order_ids: list[int], refund_ids: list[int], outbox_id: int | None = None) -> None:
    """Post these orders and refunds (orders.services.posting): the outbox row that owes them, and
    any row whose own task was lost. Safe to run twice, or alongside the sweep: what is posted is
    skipped. (A task sent without outbox_id, from before the outbox, posts its ids as they are.)"""
    if outbox_id is not None:
        ledger_outbox_drain(outbox_id=outbox_id)
        return
    if order_ids:
        orders_post_to_ledger(order_ids=order_ids, limit=len(order_ids))
    if refund_ids:
        refunds_post_to_ledger(refund_ids=refund_ids, limit=len(refund_ids))


@shared_task(acks_late=True, ignore_result=True, expires=30)
def ledger_outbox_drain_due() -> None:
    """Beat, every ten seconds: post the outbox rows whose task was lost (an empty outbox costs one
    indexed read)."""
    ledger_outbox_drain()


@shared_task(acks_late=True, ignore_result=True)
def ledger_post_pending() -> None:
    """The sweep: post every paid order and refund still unposted (Celery beat, every five minutes).

    The outbox first (its rows are then done with), then orders, so the refunds find their sales. A
    full batch means more may wait: take another.
    """
    ledger_outbox_drain()
    for posting in (orders_post_to_ledger, refunds_post_to_ledger):
        for _batch in range(SWEEP_BATCHES):
            if posting(limit=LIMIT) < LIMIT:
                break
