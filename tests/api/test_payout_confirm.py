import datetime

import pytest

from api.core.tokens import token_for
from ledger.models import JournalTransaction, PayoutMethod, PayoutProfile
from ledger.selectors import artisan_balance
from ledger.services import payout_fail, payout_run_create
from tests.api.conftest import DENIED, fields_and_codes, gid, row_counts
from tests.api.ledger_helpers import at, other_artisan_token, sell, with_agreement

MUTATION = """
mutation Confirm($id: ID!, $paidAt: DateTime) {
  payoutConfirm(id: $id, paidAt: $paidAt) {
    payout { id status paidAt amount { amountFen } artisan { code } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def payout(artisan, product, cart, operator, staff):
    """Her 14000 (70% of 20000), paid by the run of 16 March in cash."""
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/1", 20000, at(3, 1))
    return payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16)).payouts.get()


def test_staff_confirm_a_cash_payout_as_paid(gql, staff_token, staff, artisan, payout):
    result = gql(
        MUTATION, {"id": gid("Payout", payout), "paidAt": "2026-03-17T10:00:00+08:00"}, token=staff_token
    )

    payload = result["data"]["payoutConfirm"]
    assert payload["errors"] == []
    confirmed = payload["payout"]
    assert datetime.datetime.fromisoformat(confirmed.pop("paidAt")) == at(3, 17, 10)
    assert confirmed == {
        "id": gid("Payout", payout),
        "status": "PAID",
        "amount": {"amountFen": 14000},
        "artisan": {"code": "urna"},
    }
    payout.refresh_from_db()
    assert (payout.status, payout.paid_at, payout.confirmed_by) == ("paid", at(3, 17, 10), staff)
    balance = artisan_balance(artisan=artisan)
    assert (balance.in_transit_fen, balance.paid_fen, balance.available_fen) == (0, 14000, 0)
    # Confirming again changes nothing.
    again = gql(
        MUTATION, {"id": gid("Payout", payout), "paidAt": "2026-03-18T10:00:00+08:00"}, token=staff_token
    )
    again_at = again["data"]["payoutConfirm"]["payout"]["paidAt"]
    assert datetime.datetime.fromisoformat(again_at) == at(3, 17, 10)
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 1


def test_artisans_operators_and_the_anonymous_are_refused(gql, artisan_token, operator, payout):
    _, other_token = other_artisan_token()
    for token in (artisan_token, other_token, token_for(operator.user), None):
        payload = gql(MUTATION, {"id": gid("Payout", payout)}, token=token)["data"]["payoutConfirm"]
        assert payload == {"payout": None, "errors": DENIED}
    payout.refresh_from_db()
    assert payout.status == "pending"
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 0


def test_a_time_before_the_run_an_unknown_id_and_a_failed_payout_are_refused(gql, staff_token, payout):
    before = row_counts(JournalTransaction)
    early = gql(
        MUTATION, {"id": gid("Payout", payout), "paidAt": "2026-03-15T12:00:00+08:00"}, token=staff_token
    )
    unknown = gql(MUTATION, {"id": gid("Payout", type("X", (), {"pk": 999999})())}, token=staff_token)
    wrong_type = gql(MUTATION, {"id": gid("PayoutRun", payout.run)}, token=staff_token)

    assert fields_and_codes(early["data"]["payoutConfirm"]) == [("paidAt", "INVALID")]
    assert fields_and_codes(unknown["data"]["payoutConfirm"]) == [("id", "NOT_FOUND")]
    assert fields_and_codes(wrong_type["data"]["payoutConfirm"]) == [("id", "NOT_FOUND")]
    payout_fail(payout=payout, reason="她不在家")
    failed = gql(MUTATION, {"id": gid("Payout", payout)}, token=staff_token)
    assert fields_and_codes(failed["data"]["payoutConfirm"]) == [(None, "INVALID_STATE")]
    assert failed["data"]["payoutConfirm"]["payout"] is None
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 0
    assert row_counts(JournalTransaction) == {
        "JournalTransaction": before["JournalTransaction"] + 1
    }  # the failure


def test_a_stripe_payout_is_confirmed_by_its_transfer_not_by_staff(
    gql, staff_token, artisan, product, cart, operator, staff
):
    with_agreement(artisan)
    PayoutProfile.objects.create(artisan=artisan, method=PayoutMethod.STRIPE, stripe_account_id="acct_urna")
    sell(artisan, product, cart, operator, "C/9", 20000, at(3, 1))
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))
    stripe_payout = run.payouts.get()

    result = gql(MUTATION, {"id": gid("Payout", stripe_payout)}, token=staff_token)

    assert fields_and_codes(result["data"]["payoutConfirm"]) == [(None, "INVALID_STATE")]
    stripe_payout.refresh_from_db()
    assert stripe_payout.status == "pending"
