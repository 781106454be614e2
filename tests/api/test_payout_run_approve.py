import pytest
from django.contrib.auth.models import Permission

from api.core.tokens import token_for
from ledger.models import JournalTransaction, Payout, PayoutApproval, PayoutMethod
from ledger.services import payout_profile_save, payout_run_create
from tests import factories
from tests.api.conftest import DENIED, fields_and_codes, gid, row_counts
from tests.api.ledger_helpers import at, other_artisan_token, sell, with_agreement
from tests.ledger.support import approver

MUTATION = """
mutation Approve($id: ID!) {
  payoutRunApprove(id: $id) {
    payoutRun {
      approvalStatus approvalReasons total { amountFen }
      approval { approvedBy total { amountFen } payoutCount }
      payouts { artisan { code } approvalStatus approvalReasons }
    }
    errors { field code message }
  }
}
"""
CONFIRM = """
mutation Confirm($id: ID!) { payoutConfirm(id: $id) { payout { status } errors { field code message } } }
"""


@pytest.fixture
def run(artisan, product, cart, operator, staff):
    """Started by staff: 乌仁娜's first payout to her new bank account (14000), so it waits."""
    with_agreement(artisan)
    payout_profile_save(
        artisan=artisan, method=PayoutMethod.BANK, account_name="乌仁娜", bank_name="青海银行",
        account_number="6214 0000 1111 2222", actor=staff,
    )  # fmt: skip
    sell(artisan, product, cart, operator, "C/1", 20000, at(3, 1))
    return payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))


@pytest.fixture
def reviewer_token(db):
    return token_for(approver())


def test_a_second_staff_member_approves_the_run_and_its_payout_may_then_be_confirmed(
    gql, run, reviewer_token, staff_token
):
    payout = run.payouts.get()
    held = gql(CONFIRM, {"id": gid("Payout", payout)}, token=staff_token)["data"]["payoutConfirm"]
    assert (held["payout"], fields_and_codes(held)) == (None, [(None, "APPROVAL_REQUIRED")])

    payload = gql(MUTATION, {"id": gid("PayoutRun", run)}, token=reviewer_token)["data"]["payoutRunApprove"]

    assert payload == {
        "payoutRun": {
            "approvalStatus": "APPROVED",
            "approvalReasons": ["NEW_PAYEE"],
            "total": {"amountFen": 14000},
            "approval": {"approvedBy": "reviewer", "total": {"amountFen": 14000}, "payoutCount": 1},
            "payouts": [
                {"artisan": {"code": "urna"}, "approvalStatus": "APPROVED", "approvalReasons": ["NEW_PAYEE"]}
            ],
        },
        "errors": [],
    }
    confirmed = gql(CONFIRM, {"id": gid("Payout", payout)}, token=staff_token)["data"]["payoutConfirm"]
    assert confirmed == {"payout": {"status": "PAID"}, "errors": []}


def test_the_creator_cannot_approve_her_own_run_and_nothing_is_written(gql, run, staff_token):
    before = row_counts(PayoutApproval, JournalTransaction)

    payload = gql(MUTATION, {"id": gid("PayoutRun", run)}, token=staff_token)["data"]["payoutRunApprove"]

    assert payload["payoutRun"] is None
    assert fields_and_codes(payload) == [(None, "SECOND_APPROVER_REQUIRED")]
    assert row_counts(PayoutApproval, JournalTransaction) == before
    assert Payout.objects.get().approval_status == "awaiting_approval"


def test_staff_without_the_permission_artisans_operators_and_the_anonymous_are_refused(
    gql, run, artisan_token, operator
):
    clerk = factories.StaffFactory(username="clerk", is_superuser=False)
    clerk.user_permissions.add(Permission.objects.get(codename="view_payoutrun"))
    _, other_token = other_artisan_token()

    for token in (token_for(clerk), artisan_token, other_token, token_for(operator.user), None):
        payload = gql(MUTATION, {"id": gid("PayoutRun", run)}, token=token)["data"]["payoutRunApprove"]
        assert payload == {"payoutRun": None, "errors": DENIED}

    assert row_counts(PayoutApproval) == {"PayoutApproval": 0}
    assert Payout.objects.get().approval_status == "awaiting_approval"


def test_a_bad_id_or_a_run_that_needs_no_approval_is_refused(
    gql, reviewer_token, artisan, product, cart, operator, staff
):
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/2", 20000, at(3, 1))
    cash_run = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))  # cash, small

    unknown = gql(MUTATION, {"id": gid("PayoutRun", cash_run)[:-2] + "xx"}, token=reviewer_token)
    wrong_type = gql(MUTATION, {"id": gid("Payout", cash_run.payouts.get())}, token=reviewer_token)
    not_needed = gql(MUTATION, {"id": gid("PayoutRun", cash_run)}, token=reviewer_token)

    for result in (unknown, wrong_type):
        assert fields_and_codes(result["data"]["payoutRunApprove"]) == [("id", "NOT_FOUND")]
    assert fields_and_codes(not_needed["data"]["payoutRunApprove"]) == [(None, "INVALID_STATE")]
    assert row_counts(PayoutApproval) == {"PayoutApproval": 0}


def test_a_run_over_the_threshold_says_so(
    gql, settings, staff_token, artisan, product, cart, operator, staff
):
    settings.LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = 10_000
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/3", 20000, at(3, 1))
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))
    query = """query($id: ID) { payouts(first: 5, filter: {run: $id, approvalStatus: AWAITING_APPROVAL}) {
      edges { node { approvalStatus approvalReasons run { approvalStatus approvalReasons
      approvalThreshold { amountFen } total { amountFen } approval { approvedBy } } } } } }"""

    edges = gql(query, {"id": gid("PayoutRun", run)}, token=staff_token)["data"]["payouts"]["edges"]

    assert edges == [
        {
            "node": {
                "approvalStatus": "AWAITING_APPROVAL",
                "approvalReasons": ["RUN_TOTAL"],
                "run": {
                    "approvalStatus": "AWAITING_APPROVAL",
                    "approvalReasons": ["RUN_TOTAL"],
                    "approvalThreshold": {"amountFen": 10000},
                    "total": {"amountFen": 14000},
                    "approval": None,
                },
            }
        }
    ]
