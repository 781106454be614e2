"""Releasing held sale splits: a person approved a sale, so her held share becomes payable.

A held split's share was credited to her payable with no available_at: "under review", counted
neither as pending nor as available, so no payout run can pay it. A release writes one transaction
on that same account: the held amount back out of the held part, and in again with the split's own
available_at (the server's receipt plus the holding period). The account's total does not move; only
which part of it the money is in. A refund while held took its share out of the held part already,
so a release moves only what is left.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core.bulk import rows_copy
from ledger.models import Account, JournalTransaction, RefundSplit, SaleRelease, SaleSplit
from ledger.services.journal import AccountKey, Journal, Posting, account_ids, journal_write

Kind = Account.Kind


@transaction.atomic
def sale_splits_release(*, references: Iterable[str], released_at: datetime.datetime | None = None) -> int:
    """Release the held splits with these references (idempotent: a split not held, or released
    before, is skipped); returns how many were released now."""
    released_at = released_at or timezone.now()
    splits = list(
        SaleSplit.objects.select_for_update(of=("self",))
        .filter(reference__in=list(references), held=True, release__isnull=True)
        .order_by("pk")
    )
    if not splits:
        return 0
    refunded = dict(
        RefundSplit.objects.filter(sale__in=splits)
        .values("sale_id")
        .annotate(total=Sum("artisan_fen"))
        .values_list("sale_id", "total")
        .order_by()
    )
    payables = account_ids(AccountKey(Kind.ARTISAN_PAYABLE, split.artisan_id) for split in splits)
    moving = []
    for split in splits:
        left = split.artisan_fen - (refunded.get(split.pk) or 0)
        moving.append((split, left))
    payable_of = {key.owner_id: pk for key, pk in payables.items()}
    journals = [
        Journal(
            kind=JournalTransaction.Kind.RELEASE,
            reference=split.reference,
            idempotency_key=f"release:{split.reference}",
            occurred_at=released_at,
            postings=(
                Posting(payable_of[split.artisan_id], left),
                Posting(payable_of[split.artisan_id], -left, None, split.available_at),
            ),
        )
        for split, left in moving
        if left > 0
    ]
    transaction_ids = iter(journal_write(journals=journals))
    rows = [
        (next(transaction_ids) if left > 0 else None, split.pk, released_at, left) for split, left in moving
    ]
    rows_copy(SaleRelease, ("transaction_id", "sale_id", "released_at", "released_fen"), rows)
    return len(rows)
