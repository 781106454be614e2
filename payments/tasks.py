"""Celery tasks of payments."""

import logging

from celery import shared_task

from payments.errors import PaymentProviderError
from payments.reconciliation import bills_reconcile_yesterday
from payments.services import payments_unconfirmed_refresh

__all__ = ["wallet_bills_reconcile", "wallet_payments_query"]

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def wallet_payments_query() -> int:
    """Ask WeChat Pay and Alipay about payments whose notification has not come (every minute, Celery
    beat). Returns how many became paid."""
    return payments_unconfirmed_refresh()


@shared_task(acks_late=True, autoretry_for=(PaymentProviderError,), retry_backoff=600, max_retries=6)
def wallet_bills_reconcile() -> dict:
    """Yesterday's bills of WeChat Pay and Alipay (business time) compared with our payments (Celery
    beat, 10:30 Beijing time: both publish by 10:00). A bill that cannot be read yet is asked again
    later. Returns {provider: mismatches found}."""
    return {bill.provider: bill.mismatches_count for bill in bills_reconcile_yesterday()}
