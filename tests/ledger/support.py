"""Times in Qinghai, reading the journal back, and a second staff member who approves payout runs."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Sum

from ledger.models import JournalEntry, JournalTransaction, SaleSplit
from tests import factories

QINGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    """A time in Qinghai in 2026."""
    return datetime.datetime(2026, month, day, hour, tzinfo=QINGHAI)


def postings(idempotency_key: str) -> dict[str, int]:
    """{account: signed amount} of one journal transaction; an account named "kind" or "kind:owner"
    (summed per account: a sale transaction has one payable entry a line)."""
    return _postings(JournalTransaction.objects.get(idempotency_key=idempotency_key))


def sale_postings(reference: str) -> dict[str, int]:
    """postings() of the sale transaction the line with this reference was posted in (its batch's
    for its day: the line's own postings when it was the only line of its day in its batch)."""
    return _postings(SaleSplit.objects.get(reference=reference).transaction)


def split_parts(reference: str) -> tuple[int, int, int, int]:
    """(paid, her share, the commission, the fund's share) of one line's split."""
    return SaleSplit.objects.values_list("paid_fen", "artisan_fen", "operator_fen", "programme_fen").get(
        reference=reference
    )


def _postings(tx: JournalTransaction) -> dict[str, int]:
    out: dict[str, int] = {}
    for entry in tx.entries.select_related("account"):
        account = entry.account
        owner = account.artisan_id or account.operator_id or account.location_id
        name = f"{account.kind}:{owner}" if owner else account.kind
        out[name] = out.get(name, 0) + entry.amount_fen
    return out


def unbalanced_transactions() -> list[int]:
    return list(
        JournalEntry.objects.values("transaction_id")
        .annotate(total=Sum("amount_fen"))
        .exclude(total=0)
        .values_list("transaction_id", flat=True)
    )


def journal_size() -> tuple[int, int]:
    return JournalTransaction.objects.count(), JournalEntry.objects.count()


def approver(username: str = "reviewer"):
    """A staff member (not a superuser) with the ledger's approve_payoutrun permission."""
    user = factories.StaffFactory(username=username, is_superuser=False)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="ledger", codename="approve_payoutrun")
    )
    return get_user_model().objects.get(pk=user.pk)  # a fresh object: no stale permission cache
