"""Every write to the ledger. Callers import from here."""

from ledger.services.holds import sale_splits_release
from ledger.services.journal import Journal, Posting, UnbalancedTransaction, journal_write
from ledger.services.payouts import (
    payout_confirm,
    payout_fail,
    payout_run_create,
    payout_stripe_send,
    payout_transfer_record,
)
from ledger.services.sales import SaleLine, refund_post, sale_lines_post

__all__ = [
    "Journal",
    "Posting",
    "SaleLine",
    "UnbalancedTransaction",
    "journal_write",
    "payout_confirm",
    "payout_fail",
    "payout_run_create",
    "payout_stripe_send",
    "payout_transfer_record",
    "refund_post",
    "sale_lines_post",
    "sale_splits_release",
]
