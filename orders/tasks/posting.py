"""Ledger posting tasks: paid order lines and refunds into the ledger, and the sweep."""

from celery import shared_task

__all__ = ["ledger_post", "ledger_post_pending"]


@shared_task(acks_late=True)
def ledger_post(*, order_ids: list[int], refund_ids: list[int]) -> None:
    """Post these orders and refunds (orders.services.posting)."""
    # Filled in by the posting work (issue 5): orders_post_to_ledger / refunds_post_to_ledger.


@shared_task(acks_late=True)
def ledger_post_pending() -> None:
    """The sweep: post every paid order and refund still unposted."""
