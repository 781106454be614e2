"""The ledger's data: the journal, what was split, and payouts."""

from ledger.models.journal import (
    Account,
    AppendOnlyError,
    JournalEntry,
    JournalTransaction,
)
from ledger.models.payouts import Payout, PayoutMethod, PayoutProfile, PayoutRun
from ledger.models.sales import Channel, ProductAgreementOverride, RefundSplit, SaleRelease, SaleSplit

__all__ = [
    "Account",
    "AppendOnlyError",
    "Channel",
    "JournalEntry",
    "JournalTransaction",
    "Payout",
    "PayoutMethod",
    "PayoutProfile",
    "PayoutRun",
    "ProductAgreementOverride",
    "RefundSplit",
    "SaleRelease",
    "SaleSplit",
]
