"""Times in Qinghai, reading the journal back, and a second staff member who approves payout runs."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Sum

from ledger.models import JournalEntry, JournalTransaction
from tests import factories

QINGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    """A time in Qinghai in 2026."""
    return datetime.datetime(2026, month, day, hour, tzinfo=QINGHAI)


def postings(idempotency_key: str) -> dict[str, int]:
    """{account: signed amount} of one journal transaction; an account named "kind" or "kind:owner"."""
    tx = JournalTransaction.objects.get(idempotency_key=idempotency_key)
    out = {}
    for entry in tx.entries.select_related("account"):
        account = entry.account
        owner = account.artisan_id or account.operator_id or account.location_id
        out[f"{account.kind}:{owner}" if owner else account.kind] = entry.amount_fen
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
