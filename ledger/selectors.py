"""Reads of the ledger. Every figure is a sum over journal entries, never a stored counter."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from artisans.models import Artisan
from ledger.models import (
    Account,
    ApprovalStatus,
    JournalEntry,
    JournalTransaction,
    Payout,
    PayoutApproval,
    PayoutRun,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Kind = Account.Kind


@dataclass(frozen=True)
class Balance:
    """What the programme owes an artisan, and what it has paid her, at one moment.

    pending: her shares still inside the holding period for returns; available: what a payout run
    may pay now (negative after a refund of something already paid); in_transit: paid out by a run but
    not yet confirmed; paid: confirmed paid, ever; held: her shares of sales under review (implausible
    claims from a cart), in none of the others until staff approve them.
    """

    pending_fen: int
    available_fen: int
    paid_fen: int
    in_transit_fen: int
    held_fen: int = 0

    @property
    def owed_fen(self) -> int:
        return self.pending_fen + self.available_fen


def artisan_balance(*, artisan: Artisan, at: datetime.datetime | None = None) -> Balance:
    """Her balance at `at` (default now): two small queries on the indexed account columns."""
    at = at or timezone.now()
    accounts = dict(
        Account.objects.filter(
            Q(kind=Kind.ARTISAN_PAYABLE, artisan=artisan) | Q(kind=Kind.PAYOUTS_IN_TRANSIT)
        ).values_list("kind", "pk")
    )
    payable = Q(account_id=accounts.get(Kind.ARTISAN_PAYABLE))
    transit = Q(account_id=accounts.get(Kind.PAYOUTS_IN_TRANSIT), artisan=artisan)
    if not accounts:
        return Balance(0, 0, 0, 0, 0)
    sums = JournalEntry.objects.filter(payable | transit, occurred_at__lte=at).aggregate(
        pending=Sum("amount_fen", filter=payable & Q(available_at__gt=at)),
        available=Sum("amount_fen", filter=payable & Q(available_at__lte=at)),
        held=Sum("amount_fen", filter=payable & Q(available_at__isnull=True)),
        in_transit=Sum("amount_fen", filter=transit),
        paid=Sum("amount_fen", filter=transit & Q(transaction__kind=JournalTransaction.Kind.PAYOUT_PAID)),
    )
    return Balance(
        pending_fen=-(sums["pending"] or 0),
        available_fen=-(sums["available"] or 0),
        paid_fen=sums["paid"] or 0,
        in_transit_fen=-(sums["in_transit"] or 0),
        held_fen=-(sums["held"] or 0),
    )


@dataclass(frozen=True)
class TrialBalanceRow:
    kind: str
    label: "StrOrPromise"  # the kind's label, translated when shown
    balance_fen: int  # debit positive, credit negative

    @property
    def debit_fen(self) -> int:
        return max(self.balance_fen, 0)

    @property
    def credit_fen(self) -> int:
        return max(-self.balance_fen, 0)


@dataclass(frozen=True)
class TrialBalance:
    rows: tuple[TrialBalanceRow, ...]
    total_fen: int  # zero, always: every transaction balances

    @property
    def debit_fen(self) -> int:
        return sum(row.debit_fen for row in self.rows)

    @property
    def credit_fen(self) -> int:
        return sum(row.credit_fen for row in self.rows)


def ledger_trial_balance(*, at: datetime.datetime | None = None) -> TrialBalance:
    """The sum of every account kind (at `at`, default all of it); the sums total zero."""
    entries = JournalEntry.objects.all()
    if at is not None:
        entries = entries.filter(occurred_at__lte=at)
    sums = dict(entries.values_list("account__kind").annotate(total=Sum("amount_fen")).order_by())
    rows = tuple(TrialBalanceRow(kind, label, sums.get(kind) or 0) for kind, label in Kind.choices)
    return TrialBalance(rows=rows, total_fen=sum(row.balance_fen for row in rows))


def payout_list(
    *,
    run: PayoutRun | None = None,
    status: str | None = None,
    artisan: Artisan | None = None,
    approval_status: str | None = None,
) -> QuerySet[Payout]:
    payouts = Payout.objects.select_related("run", "artisan", "confirmed_by")
    if run is not None:
        payouts = payouts.filter(run=run)
    if status is not None:
        payouts = payouts.filter(status=status)
    if artisan is not None:
        payouts = payouts.filter(artisan=artisan)
    if approval_status is not None:
        payouts = payouts.filter(approval_status=approval_status)
    return payouts.order_by("-run__run_date", "payee_name", "pk")


@dataclass(frozen=True)
class RunApproval:
    """What a second staff member must decide about a run, and why; or what was decided."""

    run: PayoutRun
    awaiting: tuple[Payout, ...]  # pending payouts waiting for approval, each with its reasons
    approval: PayoutApproval | None

    @property
    def total_fen(self) -> int:
        return sum(payout.amount_fen for payout in self.awaiting)

    @property
    def count(self) -> int:
        return len(self.awaiting)

    @property
    def new_payees(self) -> tuple[Payout, ...]:
        return tuple(payout for payout in self.awaiting if payout.new_payee)


def payout_run_approval(*, run: PayoutRun) -> RunApproval:
    """The run's payouts awaiting approval (with her payee details' last change) and its approval."""
    awaiting = (
        Payout.objects.filter(
            run=run, status=Payout.Status.PENDING, approval_status=ApprovalStatus.AWAITING_APPROVAL
        )
        .select_related("run", "artisan__payout_profile__details_changed_by")
        .order_by("payee_name", "pk")
    )
    approval = PayoutApproval.objects.select_related("approved_by").filter(run=run).first()
    return RunApproval(run=run, awaiting=tuple(awaiting), approval=approval)


def payout_run_totals(*, run: PayoutRun) -> dict[str, dict[str, int]]:
    """{method: {status: amount_fen}} of a run's payouts, for its page and the cash sheet."""
    totals: dict[str, dict[str, int]] = {}
    for method, status, amount in (
        Payout.objects.filter(run=run)
        .values_list("method", "status")
        .annotate(total=Sum("amount_fen"))
        .order_by()
    ):
        totals.setdefault(method, {})[status] = amount
    return totals
