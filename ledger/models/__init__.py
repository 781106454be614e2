"""The ledger's data: the journal, what was split, and payouts."""

from ledger.models.journal import (
    Account,
    AppendOnlyError,
    JournalEntry,
    JournalTransaction,
)
from ledger.models.payouts import (
    ApprovalReason,
    ApprovalStatus,
    Payout,
    PayoutApproval,
    PayoutMethod,
    PayoutProfile,
    PayoutProfileChange,
    PayoutRun,
    payee_fingerprint,
)
from ledger.models.sales import Channel, ProductAgreementOverride, RefundSplit, SaleRelease, SaleSplit

__all__ = [
    "Account",
    "AppendOnlyError",
    "ApprovalReason",
    "ApprovalStatus",
    "Channel",
    "JournalEntry",
    "JournalTransaction",
    "Payout",
    "PayoutApproval",
    "PayoutMethod",
    "PayoutProfile",
    "PayoutProfileChange",
    "PayoutRun",
    "ProductAgreementOverride",
    "RefundSplit",
    "SaleRelease",
    "SaleSplit",
    "payee_fingerprint",
]
