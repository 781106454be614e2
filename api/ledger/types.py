"""The ledger's types: an artisan's balance and statement, payout runs and payouts, the trial balance.

Every amount is Money (integer fen); every figure is read from the journal by ledger.selectors and
ledger.statements, never stored here.
"""

import graphene

from api.artisans.types import Artisan
from api.core.connections import CountableConnection
from api.core.types import Money
from ledger import models

PayoutStatus = graphene.Enum.from_enum(
    models.Payout.Status, name="PayoutStatus", description="Where a payout stands."
)
PayoutMethod = graphene.Enum.from_enum(
    models.PayoutMethod, name="PayoutMethod", description="How an artisan is paid."
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


class PayoutRun(graphene.ObjectType):
    """One payout run: a payout for each artisan whose available balance reached the minimum."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    run_date = graphene.Date(required=True)
    balance_at = graphene.DateTime(required=True, description="Balances available at this time were paid.")
    minimum = _money("minimum_fen", "The least a payout of this run may be.")
    created_at = graphene.DateTime(required=True)
    payouts = graphene.List(graphene.NonNull(lambda: Payout), required=True)

    @staticmethod
    def resolve_payouts(root, info):
        return root.payouts.select_related("run", "artisan").order_by("payee_name", "pk")


class Payout(graphene.ObjectType):
    """One payment to one artisan in a payout run."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    run = graphene.Field(PayoutRun, required=True)
    artisan = graphene.Field(Artisan, required=True)
    amount = _money("amount_fen")
    method = graphene.Field(PayoutMethod, required=True)
    status = graphene.Field(PayoutStatus, required=True)
    payee_name = graphene.String(required=True)
    bank_name = graphene.String(required=True)
    failure_reason = graphene.String(required=True)
    paid_at = graphene.DateTime()
    failed_at = graphene.DateTime()
    created_at = graphene.DateTime(required=True)


class PayoutConnection(CountableConnection):
    class Meta:
        node = Payout


class TrialBalanceRow(graphene.ObjectType):
    kind = graphene.Field(AccountKind, required=True)
    label = graphene.String(required=True)
    balance = _money("balance_fen", "Debit positive, credit negative.")
    debit = _money("debit_fen")
    credit = _money("credit_fen")

    @staticmethod
    def resolve_label(root, info):
        return str(root.label)


class LedgerTrialBalance(graphene.ObjectType):
    """The sum of every account kind; the total is zero, always."""

    rows = graphene.List(graphene.NonNull(TrialBalanceRow), required=True)
    total = _money("total_fen", "Zero: every journal transaction balances.")
    debit = _money("debit_fen")
    credit = _money("credit_fen")
