"""Ledger posting tasks: paid order lines and refunds into the ledger, and the sweep."""

from celery import shared_task

from orders.services.posting import LIMIT, orders_post_to_ledger, refunds_post_to_ledger

__all__ = ["ledger_post", "ledger_post_pending"]

# The sweep posts at most this many batches a run; whatever is left waits five minutes for the next.
SWEEP_BATCHES = 20


@shared_task(acks_late=True, ignore_result=True)
def ledger_post(*, order_ids: list[int], refund_ids: list[int]) -> None:
    """Post these orders and refunds (orders.services.posting). Safe to run twice, or alongside the
    sweep: what is posted is skipped."""
    if order_ids:
        orders_post_to_ledger(order_ids=order_ids, limit=len(order_ids))
    if refund_ids:
        refunds_post_to_ledger(refund_ids=refund_ids, limit=len(refund_ids))


@shared_task(acks_late=True, ignore_result=True)
def ledger_post_pending() -> None:
    """The sweep: post every paid order and refund still unposted (Celery beat, every five minutes).

    Orders first, so the refunds find their sales. A full batch means more may wait: take another.
    """
    for posting in (orders_post_to_ledger, refunds_post_to_ledger):
        for _batch in range(SWEEP_BATCHES):
            if posting(limit=LIMIT) < LIMIT:
                break
