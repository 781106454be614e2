"""The ledger over GraphQL: an artisan reads her own balance, statement and payouts; staff read
everyone's with the ledger permission the admin asks for the same page (balances and the trial
balance: ledger.view_account; statements: ledger.view_payoutprofile; payouts: ledger.view_payout);
anyone else is refused (PERMISSION_DENIED). The types check their readers again themselves
(api/ledger/types.py), wherever a query reaches them."""

import graphene
from graphql import GraphQLError

from api.artisans.types import Artisan
from api.core.connections import paginate
from api.core.nodes import pk_from_id
from api.core.permissions import (
    Owned,
    has_permission,
    own_artisan_id,
    permission_error,
    query_requires_permission,
)
from api.ledger.mutations.payout_confirm import PayoutConfirm
from api.ledger.mutations.payout_fail import PayoutFail
from api.ledger.mutations.payout_run_approve import PayoutRunApprove
from api.ledger.mutations.payout_run_create import PayoutRunCreate
from api.ledger.types import (
    ArtisanBalance,
    ArtisanStatement,
    LedgerTrialBalance,
    PayoutApprovalStatus,
    PayoutConnection,
    PayoutRun,
    PayoutStatus,
)
from artisans import models as artisan_models
from core.dates import OUT_OF_RANGE_MESSAGE, within_books
from ledger import models, selectors
from ledger.statements import artisan_statement

MAX_STATEMENT_DAYS = 366
VIEW_BALANCES = "ledger.view_account"
# The admin's statement page hangs off the payout profiles and asks for their view permission.
VIEW_STATEMENTS = "ledger.view_payoutprofile"
VIEW_PAYOUTS = "ledger.view_payout"


def _not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "NOT_FOUND"})


def artisan_for(info, artisan_id, permission: str):
    """The artisan a query is about: any for staff with the permission (artisan required); for an
    artisan, herself (the argument may be left out); anyone else, or another artisan's ID, is
    refused."""
    if has_permission(info.context.user, permission):
        if artisan_id is None:
            raise GraphQLError("Give `artisan`.", extensions={"code": "REQUIRED"})
        pk = pk_from_id(artisan_id, Artisan)
        artisan = artisan_models.Artisan.objects.filter(pk=pk).first() if pk is not None else None
        if artisan is None:
            raise _not_found(f"No artisan with the ID {artisan_id!r}.")
        return artisan
    own = own_artisan_id(info)
    if own is None:
        raise permission_error()
    if artisan_id is not None and pk_from_id(artisan_id, Artisan) != own:
        raise permission_error()
    return info.context.user.artisan  # read (and kept on the user) by own_artisan_id


class PayoutFilterInput(graphene.InputObjectType):
    artisan = graphene.ID()
    status = PayoutStatus()
    approval_status = PayoutApprovalStatus(description="Only payouts in this approval state.")
    run = graphene.ID(description="A payout run's ID.")


class LedgerQueries(graphene.ObjectType):
    artisan_balance = graphene.Field(
        ArtisanBalance,
        artisan=graphene.ID(description="Staff: required. An artisan: herself if left out."),
        description="An artisan's balance now: pending, available, in transit, paid. Staff with "
        "ledger.view_account, or herself.",
    )
    artisan_statement = graphene.Field(
        ArtisanStatement,
        artisan=graphene.ID(description="Staff: required. An artisan: herself if left out."),
        date_from=graphene.Date(required=True, name="from", description="The first day (Qinghai)."),
        date_to=graphene.Date(required=True, name="to", description="The last day, inclusive."),
        description="An artisan's statement for the days from..to. Staff with ledger.view_payoutprofile, "
        "or herself.",
    )
    payouts = graphene.relay.ConnectionField(
        PayoutConnection,
        filter=PayoutFilterInput(),
        description="Payouts, newest run first: all of them for staff with ledger.view_payout, her own "
        "for an artisan.",
    )
    ledger_trial_balance = graphene.Field(
        LedgerTrialBalance,
        required=False,
        description="The balance of each account kind. Staff with ledger.view_account only.",
    )

    @staticmethod
    def resolve_artisan_balance(root, info, artisan=None):
        who = artisan_for(info, artisan, VIEW_BALANCES)
        return Owned(selectors.artisan_balance(artisan=who), artisan_id=who.pk)

    @staticmethod
    def resolve_artisan_statement(root, info, date_from, date_to, artisan=None):
        who = artisan_for(info, artisan, VIEW_STATEMENTS)
        if not (within_books(date_from) and within_books(date_to)):
            raise GraphQLError(str(OUT_OF_RANGE_MESSAGE), extensions={"code": "INVALID"})
        if date_from > date_to:
            raise GraphQLError("`from` must not be after `to`.", extensions={"code": "INVALID"})
        if (date_to - date_from).days >= MAX_STATEMENT_DAYS:
            raise GraphQLError(
                f"A statement covers at most {MAX_STATEMENT_DAYS} days.", extensions={"code": "INVALID"}
            )
        return artisan_statement(artisan=who, date_from=date_from, date_to=date_to)

    @staticmethod
    def resolve_payouts(root, info, filter=None, **args):
        filter = filter or {}
        if has_permission(info.context.user, VIEW_PAYOUTS):
            given = filter.get("artisan")
            artisan = artisan_for(info, given, VIEW_PAYOUTS) if given is not None else None
        else:
            artisan = artisan_for(info, filter.get("artisan"), VIEW_PAYOUTS)
        run = None
        if filter.get("run") is not None:
            pk = pk_from_id(filter["run"], PayoutRun)
            run = models.PayoutRun.objects.filter(pk=pk).first() if pk is not None else None
            if run is None:
                raise _not_found(f"No payout run with the ID {filter['run']!r}.")
        status = filter.get("status")
        status = getattr(status, "value", status)
        approval_status = filter.get("approval_status")
        approval_status = getattr(approval_status, "value", approval_status)
        payouts = selectors.payout_list(
            run=run, status=status, artisan=artisan, approval_status=approval_status
        )
        return paginate(payouts, args, PayoutConnection)

    @staticmethod
    def resolve_ledger_trial_balance(root, info):
        query_requires_permission(info, VIEW_BALANCES)
        return selectors.ledger_trial_balance()


class LedgerMutations(graphene.ObjectType):
    payout_run_create = PayoutRunCreate.Field()
    payout_run_approve = PayoutRunApprove.Field()
    payout_confirm = PayoutConfirm.Field()
    payout_fail = PayoutFail.Field()
