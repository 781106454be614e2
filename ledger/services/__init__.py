"""Every write to the ledger. Callers import from here."""

from ledger.services.approvals import (
    APPROVE_PERMISSION,
    ApprovalRequired,
    SecondApproverRequired,
    may_approve,
    payout_run_approve,
)
from ledger.services.holds import sale_splits_release
from ledger.services.journal import Journal, Posting, UnbalancedTransaction, journal_write
from ledger.services.payees import payout_profile_save
from ledger.services.payouts import (
    payout_confirm,
    payout_fail,
    payout_run_create,
    payout_stripe_send,
    payout_transfer_record,
)
from ledger.services.sales import SaleLine, refund_post, sale_lines_post

__all__ = [
    "APPROVE_PERMISSION",
    "ApprovalRequired",
    "Journal",
    "Posting",
    "SaleLine",
    "SecondApproverRequired",
    "UnbalancedTransaction",
    "journal_write",
    "may_approve",
    "payout_confirm",
    "payout_fail",
    "payout_profile_save",
    "payout_run_approve",
    "payout_run_create",
    "payout_stripe_send",
    "payout_transfer_record",
    "refund_post",
    "sale_lines_post",
    "sale_splits_release",
]
