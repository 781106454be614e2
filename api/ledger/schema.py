"""The ledger over GraphQL: staff see everything; an artisan reads her own balance, statement and
payouts; operators and the anonymous are refused (PERMISSION_DENIED)."""

import graphene
from django.core.exceptions import ObjectDoesNotExist
from graphql import GraphQLError

from api.artisans.types import Artisan
from api.core.connections import paginate
from api.core.nodes import pk_from_id
from api.core.permissions import is_staff, permission_error, query_requires_staff
from api.ledger.mutations.payout_confirm import PayoutConfirm
from api.ledger.mutations.payout_run_create import PayoutRunCreate
from api.ledger.types import (
    ArtisanBalance,
    ArtisanStatement,
    LedgerTrialBalance,
    PayoutConnection,
    PayoutRun,
    PayoutStatus,
)
from artisans import models as artisan_models
from core.dates import OUT_OF_RANGE_MESSAGE, within_books
from ledger import models, selectors
from ledger.statements import artisan_statement

MAX_STATEMENT_DAYS = 366


def _own_artisan(user):
    """The signed-in user's Artisan row, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    try:
        return user.artisan
    except ObjectDoesNotExist:
        return None


def _not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "NOT_FOUND"})


def artisan_for(info, artisan_id):
    """The artisan a query is about: any for staff (artisan required); for an artisan, herself (the
    argument may be left out); anyone else, or another artisan's ID, is refused."""
    user = info.context.user
    if is_staff(user):
        if artisan_id is None:
            raise GraphQLError("Give `artisan`.", extensions={"code": "REQUIRED"})
        pk = pk_from_id(artisan_id, Artisan)
        artisan = artisan_models.Artisan.objects.filter(pk=pk).first() if pk is not None else None
        if artisan is None:
            raise _not_found(f"No artisan with the ID {artisan_id!r}.")
        return artisan
    own = _own_artisan(user)
    if own is None:
        raise permission_error()
    if artisan_id is not None and pk_from_id(artisan_id, Artisan) != own.pk:
        raise permission_error()
    return own


class PayoutFilterInput(graphene.InputObjectType):
    artisan = graphene.ID()
    status = PayoutStatus()
    run = graphene.ID(description="A payout run's ID.")


class LedgerQueries(graphene.ObjectType):
    artisan_balance = graphene.Field(
        ArtisanBalance,
        artisan=graphene.ID(description="Staff: required. An artisan: herself if left out."),
        description="An artisan's balance now: pending, available, in transit, paid. Staff, or herself.",
    )
    artisan_statement = graphene.Field(
        ArtisanStatement,
        artisan=graphene.ID(description="Staff: required. An artisan: herself if left out."),
        date_from=graphene.Date(required=True, name="from", description="The first day (Qinghai)."),
        date_to=graphene.Date(required=True, name="to", description="The last day, inclusive."),
        description="An artisan's statement for the days from..to. Staff, or herself.",
    )
    payouts = graphene.relay.ConnectionField(
        PayoutConnection,
        filter=PayoutFilterInput(),
        description="Payouts, newest run first: all of them for staff, her own for an artisan.",
    )
    ledger_trial_balance = graphene.Field(
        LedgerTrialBalance, required=False, description="The balance of each account kind. Staff only."
    )

    @staticmethod
    def resolve_artisan_balance(root, info, artisan=None):
        return selectors.artisan_balance(artisan=artisan_for(info, artisan))

    @staticmethod
    def resolve_artisan_statement(root, info, date_from, date_to, artisan=None):
        who = artisan_for(info, artisan)
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
        user = info.context.user
        if is_staff(user):
            artisan = artisan_for(info, filter["artisan"]) if filter.get("artisan") is not None else None
        else:
            artisan = artisan_for(info, filter.get("artisan"))
        run = None
        if filter.get("run") is not None:
            pk = pk_from_id(filter["run"], PayoutRun)
            run = models.PayoutRun.objects.filter(pk=pk).first() if pk is not None else None
            if run is None:
                raise _not_found(f"No payout run with the ID {filter['run']!r}.")
        status = filter.get("status")
        status = getattr(status, "value", status)
        payouts = selectors.payout_list(run=run, status=status, artisan=artisan)
        return paginate(payouts, args, PayoutConnection)

    @staticmethod
    def resolve_ledger_trial_balance(root, info):
        query_requires_staff(info)
        return selectors.ledger_trial_balance()


class LedgerMutations(graphene.ObjectType):
    payout_run_create = PayoutRunCreate.Field()
    payout_confirm = PayoutConfirm.Field()
