"""The ledger's types: an artisan's balance and statement, payout runs and payouts, the trial balance.

Every amount is Money (integer fen); every figure is read from the journal by ledger.selectors and
ledger.statements, never stored here.

Each type about one artisan's money is marked `readable_by`: it answers the artisan it is about and
staff with the ledger permission the admin asks for the same page, however a query reached it (a
payout's run lists only the payouts its reader may see; its other payouts are not hers to see).
"""

import graphene

from api.artisans.types import Artisan
from api.core.connections import CountableConnection
from api.core.permissions import (
    Owned,
    has_any_permission,
    own_artisan_id,
    owned_value,
    readable_by,
)
from api.core.types import Money
from ledger import models

PayoutStatus = graphene.Enum.from_enum(
    models.Payout.Status, name="PayoutStatus", description="Where a payout stands."
)
PayoutMethod = graphene.Enum.from_enum(
    models.PayoutMethod, name="PayoutMethod", description="How an artisan is paid."
)
PayoutApprovalStatus = graphene.Enum.from_enum(
    models.ApprovalStatus,
    name="PayoutApprovalStatus",
    description="Whether a payout (or run) waits for a second staff member before anything is sent.",
)
PayoutApprovalReason = graphene.Enum.from_enum(
    models.ApprovalReason,
    name="PayoutApprovalReason",
    description="Why a payout needs a second staff member: its run's total is above the approval "
    "threshold, or it is the first payout to payee details changed since her last paid payout.",
)
JournalKind = graphene.Enum.from_enum(
    models.JournalTransaction.Kind,
    name="JournalTransactionKind",
    description="What a journal transaction records.",
)
AccountKind = graphene.Enum.from_enum(
    models.Account.Kind, name="LedgerAccountKind", description="A kind of ledger account."
)


def _money(field: str, description: str = ""):
    return graphene.Field(
        Money,
        required=True,
        description=description,
        resolver=lambda root, info: Money.of(getattr(root, field)),
    )


# Her balance shows on the admin's account list and at the foot of her statement.
@readable_by("ledger.view_account", "ledger.view_payoutprofile")
class ArtisanBalance(graphene.ObjectType):
    """What the programme owes an artisan now, and what it has paid her."""

    pending = _money("pending_fen", "Her shares still inside the holding period for returns.")
    available = _money("available_fen", "What the next payout run may pay her.")
    in_transit = _money("in_transit_fen", "Paid out by a run, not yet confirmed as paid.")
    paid = _money("paid_fen", "Confirmed paid, ever.")
    held = _money(
        "held_fen",
        "Her shares of sales under review (implausible cart sales): in neither pending nor available, "
        "never paid, until staff approve them.",
    )
    owed = _money("owed_fen", "Pending and available together.")


@readable_by("ledger.view_payoutprofile")
class StatementLine(graphene.ObjectType):
    """One sale, refund or payout in a statement."""

    date = graphene.Date(required=True, description="The day, in Qinghai.")
    kind = graphene.Field(JournalKind, required=True)
    kind_label = graphene.String(required=True)
    place = graphene.String(
        required=True, description="The cart's name, the online shop (with its cart), or a payout's method."
    )
    product = graphene.String(required=True, description="The product's name; empty for a payout.")
    quantity = graphene.Int(description="Pieces sold; null for a refund or payout.")
    price = graphene.Field(
        Money,
        description="What was paid (or refunded) for the line, or the payout's amount.",
        resolver=lambda root, info: Money.of(root.amount_fen) if root.amount_fen is not None else None,
    )
    share = _money("share_fen", "What it did to her balance: positive adds, negative takes away.")
    reference = graphene.String(required=True)

    @staticmethod
    def resolve_date(root, info):
        return root.day


@readable_by("ledger.view_payoutprofile", owner=lambda statement: statement.artisan.pk)
class ArtisanStatement(graphene.ObjectType):
    """An artisan's statement for a period; opening + sales - refunds - payouts + returned +
    adjustments = closing, exactly."""

    artisan = graphene.Field(Artisan, required=True)
    date_from = graphene.Date(required=True, name="from")
    date_to = graphene.Date(required=True, name="to")
    opening = _money("opening_fen", "What she was owed at the start of the first day.")
    lines = graphene.List(graphene.NonNull(StatementLine), required=True)
    sales = _money("sales_fen", "Her shares of the period's sales.")
    refunds = _money("refunds_fen", "Her shares taken back by refunds.")
    payouts = _money("payouts_fen", "Paid out to her by payout runs.")
    returned = _money("returned_fen", "Failed payouts returned to her balance.")
    adjustments = _money("adjustments_fen")
    closing = _money("closing_fen", "What she was owed at the end of the last day.")
    balance = graphene.Field(ArtisanBalance, required=True, description="Her balance at the period's end.")

    @staticmethod
    def resolve_lines(root, info):
        return [Owned(line, artisan_id=root.artisan.pk) for line in root.lines]

    @staticmethod
    def resolve_balance(root, info):
        return Owned(root.balance, artisan_id=root.artisan.pk)


class PayoutApproval(graphene.ObjectType):
    """A second staff member's approval of a run: when, and the total and count it released."""

    approved_at = graphene.DateTime(required=True)
    approved_by = graphene.String(description="The approver's username; staff only (null for others).")
    total = _money("total_fen", "The sum of the payouts it released.")
    payout_count = graphene.Int(required=True, description="How many payouts it released.")

    @staticmethod
    def resolve_approved_by(root, info):
        return (
            root.approved_by.get_username()
            if has_any_permission(info.context.user, ("ledger.view_payoutrun", "ledger.approve_payoutrun"))
            else None
        )


# An artisan reaches a run only through her own payout in it (Payout.run).
@readable_by("ledger.view_payoutrun", "ledger.approve_payoutrun")
class PayoutRun(graphene.ObjectType):
    """One payout run: a payout for each artisan whose available balance reached the minimum."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    run_date = graphene.Date(required=True)
    balance_at = graphene.DateTime(required=True, description="Balances available at this time were paid.")
    minimum = _money("minimum_fen", "The least a payout of this run may be.")
    total = _money("total_fen", "The sum of its payouts.")
    approval_threshold = _money(
        "approval_threshold_fen", "A run whose total is above this waits for a second staff member."
    )
    approval_status = graphene.Field(
        PayoutApprovalStatus,
        required=True,
        description="AWAITING_APPROVAL while any payout of it waits for a second staff member "
        "(payoutRunApprove); nothing of it that waits is sent, exported or confirmed until then.",
    )
    approval_reasons = graphene.List(
        graphene.NonNull(PayoutApprovalReason),
        required=True,
        description="Why it needed (or needs) approval; empty when it did not.",
    )
    approval = graphene.Field(PayoutApproval, description="Who approved it and when; null until then.")
    created_at = graphene.DateTime(required=True)
    payouts = graphene.List(
        graphene.NonNull(lambda: Payout),
        required=True,
        description="Its payouts: all of them for staff with ledger.view_payout, her own for an artisan.",
    )

    @staticmethod
    def resolve_payouts(root, info):
        payouts = owned_value(root).payouts.select_related("run", "artisan").order_by("payee_name", "pk")
        # The second staff member reads what she approves.
        if has_any_permission(info.context.user, ("ledger.view_payout", "ledger.approve_payoutrun")):
            return payouts
        # As the payouts query: an artisan sees her own payouts, never the rest of the run.
        own = own_artisan_id(info)
        return payouts.filter(artisan_id=own) if own is not None else payouts.none()

    @staticmethod
    def resolve_approval_reasons(root, info):
        if root.approval_status == models.ApprovalStatus.NOT_REQUIRED:
            return []
        if not root.over_threshold:  # then a new payee is the only reason it can have
            return [models.ApprovalReason.NEW_PAYEE]
        new_payee = root.payouts.filter(new_payee=True).exists()
        return [models.ApprovalReason.RUN_TOTAL] + ([models.ApprovalReason.NEW_PAYEE] if new_payee else [])

    @staticmethod
    def resolve_approval(root, info):
        return models.PayoutApproval.objects.select_related("approved_by").filter(run=root).first()


@readable_by("ledger.view_payout", "ledger.approve_payoutrun", owner=lambda payout: payout.artisan_id)
class Payout(graphene.ObjectType):
    """One payment to one artisan in a payout run."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    run = graphene.Field(PayoutRun, required=True)
    artisan = graphene.Field(Artisan, required=True)
    amount = _money("amount_fen")
    method = graphene.Field(PayoutMethod, required=True)
    status = graphene.Field(PayoutStatus, required=True)
    approval_status = graphene.Field(
        PayoutApprovalStatus,
        required=True,
        description="AWAITING_APPROVAL: not sent, exported or confirmable until a second staff member "
        "approves its run.",
    )
    approval_reasons = graphene.List(
        graphene.NonNull(PayoutApprovalReason),
        required=True,
        description="Why it needed (or needs) approval; empty when it did not.",
    )
    payee_name = graphene.String(required=True)
    bank_name = graphene.String(required=True)
    failure_reason = graphene.String(required=True)
    paid_at = graphene.DateTime()
    failed_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_run(root, info):
        # Her payout's run, handed on as hers: she reads its date, and in it her own payouts.
        return Owned(root.run, artisan_id=root.artisan_id)


class PayoutConnection(CountableConnection):
    class Meta:
        node = Payout


@readable_by("ledger.view_account")
class TrialBalanceRow(graphene.ObjectType):
    kind = graphene.Field(AccountKind, required=True)
    label = graphene.String(required=True)
    balance = _money("balance_fen", "Debit positive, credit negative.")
    debit = _money("debit_fen")
    credit = _money("credit_fen")

    @staticmethod
    def resolve_label(root, info):
        return str(root.label)


@readable_by("ledger.view_account")
class LedgerTrialBalance(graphene.ObjectType):
    """The sum of every account kind; the total is zero, always."""

    rows = graphene.List(graphene.NonNull(TrialBalanceRow), required=True)
    total = _money("total_fen", "Zero: every journal transaction balances.")
    debit = _money("debit_fen")
    credit = _money("credit_fen")
