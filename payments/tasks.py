"""Celery tasks of payments."""

from celery import shared_task

from payments.services import payments_unconfirmed_refresh

__all__ = ["wallet_payments_query"]


@shared_task(acks_late=True)
def wallet_payments_query() -> int:
    """Ask WeChat Pay and Alipay about payments whose notification has not come (every minute, Celery
    beat). Returns how many became paid."""
    return payments_unconfirmed_refresh()
