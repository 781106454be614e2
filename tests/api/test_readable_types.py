"""Types that carry an artisan's money, payee or bank details check their reader themselves
(api/core/permissions.py: readable_by, guard_readable_types), so a path to them that filters nothing
still answers only the artisan concerned and the staff whose role may read them.

The schema here is the API's own types behind root fields that hand out any row unfiltered, which no
path of the real schema does: what is left is each type's own check."""

from types import SimpleNamespace

import graphene
import pytest
from django.contrib.auth.models import AnonymousUser
from graphql import GraphQLObjectType, graphql_sync

from api.core.permissions import guard_readable_types, readable_types
from api.ledger.types import LedgerTrialBalance, Payout, PayoutRun
from api.roles import FINANCE, MANAGER, staff_roles_sync
from api.schema import schema as api_schema
from ledger import models, selectors
from ledger.services import payout_run_create
from tests import factories
from tests.api.ledger_helpers import at, other_artisan_token, sell, with_agreement


class Query(graphene.ObjectType):
    any_payout = graphene.Field(Payout, pk=graphene.Int(required=True))
    any_run = graphene.Field(PayoutRun, pk=graphene.Int(required=True))
    trial_balance = graphene.Field(LedgerTrialBalance)

    @staticmethod
    def resolve_any_payout(root, info, pk):
        return models.Payout.objects.get(pk=pk)

    @staticmethod
    def resolve_any_run(root, info, pk):
        return models.PayoutRun.objects.get(pk=pk)

    @staticmethod
    def resolve_trial_balance(root, info):
        return selectors.ledger_trial_balance()


UNFILTERED = graphene.Schema(query=Query)
guard_readable_types(UNFILTERED)

PAYOUT = "query($pk: Int!) { anyPayout(pk: $pk) { amount { amountFen } payeeName bankName run { runDate } } }"
RUN = "query($pk: Int!) { anyRun(pk: $pk) { runDate payouts { artisan { code } } } }"


def _ask(document, user, **variables):
    result = graphql_sync(
        UNFILTERED.graphql_schema,
        document,
        context_value=SimpleNamespace(user=user),
        variable_values=variables,
    )
    codes = {error.extensions.get("code") for error in result.errors or []}
    return result.data, codes


@pytest.fixture
def callers(artisan, artisan_user, product, cart, operator, staff):
    """乌仁娜 (artisan_user) and 其木格 each paid 140.00 by the run of 16 March; finance, a manager,
    a staff member in no group, an operator and a stranger ask."""
    with_agreement(artisan)
    other, _ = other_artisan_token()
    with_agreement(other)
    sell(artisan, product, cart, operator, "C/1", 20000, at(3, 1))
    sell(other, product, cart, operator, "C/2", 20000, at(3, 1))
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))
    groups = {group.name: group for group in staff_roles_sync()}
    finance = factories.UserFactory(username="finance-user", is_staff=True)
    finance.groups.add(groups[FINANCE])
    manager = factories.UserFactory(username="manager-user", is_staff=True)
    manager.groups.add(groups[MANAGER])
    return {
        "run": run,
        "hers": run.payouts.get(artisan=artisan),
        "urna": artisan_user,
        "chimeg": other.user,
        "finance": finance,
        "manager": manager,
        "staff in no group": factories.UserFactory(username="no-group", is_staff=True),
        "operator": operator.user,
        "stranger": AnonymousUser(),
    }


def test_her_payout_answers_her_and_finance_however_it_was_reached(callers):
    hers = callers["hers"]
    expected = {
        "amount": {"amountFen": 14000},
        "payeeName": "乌仁娜",
        "bankName": "",
        "run": {"runDate": "2026-03-16"},
    }

    answers = {
        who: _ask(PAYOUT, callers[who], pk=hers.pk)
        for who in ("urna", "finance", "chimeg", "manager", "staff in no group", "operator", "stranger")
    }

    assert answers == {
        "urna": ({"anyPayout": expected}, set()),
        "finance": ({"anyPayout": expected}, set()),
        **{
            who: ({"anyPayout": None}, {"PERMISSION_DENIED"})
            for who in ("chimeg", "manager", "staff in no group", "operator", "stranger")
        },
    }


def test_a_run_reached_on_its_own_is_for_staff_who_may_see_runs_only(callers):
    run = callers["run"]

    answers = {who: _ask(RUN, callers[who], pk=run.pk) for who in ("finance", "urna", "manager")}

    assert answers == {
        "finance": (
            {
                "anyRun": {
                    "runDate": "2026-03-16",
                    "payouts": [{"artisan": {"code": "urna"}}, {"artisan": {"code": "chimeg"}}],
                }
            },
            set(),
        ),
        # Not through her own payout: the run is nobody's to her, and its payouts are not hers to list.
        "urna": ({"anyRun": None}, {"PERMISSION_DENIED"}),
        "manager": ({"anyRun": None}, {"PERMISSION_DENIED"}),
    }


def test_the_books_are_for_staff_who_may_see_the_accounts(callers):
    document = "{ trialBalance { total { amountFen } } }"

    answers = {who: _ask(document, callers[who]) for who in ("finance", "urna", "staff in no group")}

    assert answers == {
        "finance": ({"trialBalance": {"total": {"amountFen": 0}}}, set()),
        "urna": ({"trialBalance": None}, {"PERMISSION_DENIED"}),
        "staff in no group": ({"trialBalance": None}, {"PERMISSION_DENIED"}),
    }


# Fields that only an artisan herself and some staff may read. A type with one is checked by itself
# (readable_by), or is below: Artisan checks `phone` and `agreements` in their own resolvers; a
# checkout's and an order's phone is the buyer's, read by whoever holds their token. (The root fields
# check their callers as the authorization matrix says.)
PRIVATE_FIELDS = {
    "payeeName",
    "payee",
    "bankName",
    "bank",
    "accountName",
    "accountNumber",
    "artisanShare",
    "artisanFen",
    "operatorShare",
    "operatorFen",
    "programmeShare",
    "commission",
    "failureReason",
    "phone",
    "agreements",
    "artisanBp",
    "operatorBp",
    "programmeBp",
    "inTransit",
    "owed",
    "share",
    "opening",
    "closing",
    "payouts",
    "balance",
}
CHECKED_FIELD_BY_FIELD = {"Artisan", "Checkout", "Order"}


def test_every_type_with_an_artisans_money_or_details_checks_who_reads_it():
    graphql_schema = api_schema.graphql_schema
    carrying = {
        name
        for name, graphql_type in graphql_schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType)
        and PRIVATE_FIELDS & set(graphql_type.fields)
        and name not in (graphql_schema.query_type.name, graphql_schema.mutation_type.name)
    }

    assert carrying - set(readable_types(api_schema)) == CHECKED_FIELD_BY_FIELD
    assert set(readable_types(api_schema)) == {
        "Agreement",
        "ArtisanBalance",
        "ArtisanStatement",
        "LedgerTrialBalance",
        "Payout",
        "PayoutRun",
        "StatementLine",
        "TrialBalanceRow",
    }
