import pytest

from api.core.tokens import token_for
from ledger.models import JournalTransaction
from ledger.selectors import artisan_balance
from ledger.services import payout_confirm, payout_run_create
from tests.api.conftest import DENIED, fields_and_codes, gid, row_counts
from tests.api.ledger_helpers import at, other_artisan_token, sell, with_agreement

MUTATION = """
mutation Fail($id: ID!, $reason: String!) {
  payoutFail(id: $id, reason: $reason) {
    payout { id status failureReason amount { amountFen } artisan { code } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def payout(artisan, product, cart, operator, staff):
    """Her 14000 (70% of 20000), in the run of 16 March, in cash, not yet paid."""
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/1", 20000, at(3, 1))
    return payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16)).payouts.get()


def test_staff_mark_a_payout_failed_and_her_money_is_back_in_her_balance(
    gql, staff_token, staff, artisan, payout, time_machine
):
    time_machine.move_to(at(3, 18, 9), tick=False)
    assert artisan_balance(artisan=artisan).in_transit_fen == 14000

    result = gql(MUTATION, {"id": gid("Payout", payout), "reason": "  她不在家  "}, token=staff_token)

    payload = result["data"]["payoutFail"]
    assert payload["errors"] == []
    assert payload["payout"] == {
        "id": gid("Payout", payout),
        "status": "FAILED",
        "failureReason": "她不在家",
        "amount": {"amountFen": 14000},
        "artisan": {"code": "urna"},
    }
    payout.refresh_from_db()
    assert (payout.status, payout.failed_at, payout.confirmed_by) == ("failed", at(3, 18, 9), staff)
    balance = artisan_balance(artisan=artisan)
    assert (balance.in_transit_fen, balance.paid_fen, balance.available_fen) == (0, 0, 14000)
    # Failing it again changes nothing: one reversal in the books.
    again = gql(MUTATION, {"id": gid("Payout", payout), "reason": "再次"}, token=staff_token)
    assert again["data"]["payoutFail"]["payout"]["failureReason"] == "她不在家"
    assert JournalTransaction.objects.filter(kind="payout_failed").count() == 1


def test_artisans_operators_and_the_anonymous_are_refused(gql, artisan_token, operator, payout):
    _, other_token = other_artisan_token()
    for token in (artisan_token, other_token, token_for(operator.user), None):
        payload = gql(MUTATION, {"id": gid("Payout", payout), "reason": "x"}, token=token)["data"][
            "payoutFail"
        ]
        assert payload == {"payout": None, "errors": DENIED}
    payout.refresh_from_db()
    assert payout.status == "pending"
    assert JournalTransaction.objects.filter(kind="payout_failed").count() == 0


def test_no_reason_an_unknown_id_and_a_paid_payout_are_refused_writing_nothing(
    gql, staff_token, staff, payout
):
    blank = gql(MUTATION, {"id": gid("Payout", payout), "reason": "   "}, token=staff_token)
    unknown = gql(
        MUTATION, {"id": gid("Payout", type("X", (), {"pk": 999999})()), "reason": "x"}, token=staff_token
    )
    wrong_type = gql(MUTATION, {"id": gid("PayoutRun", payout.run), "reason": "x"}, token=staff_token)

    assert fields_and_codes(blank["data"]["payoutFail"]) == [("reason", "INVALID")]
    assert fields_and_codes(unknown["data"]["payoutFail"]) == [("id", "NOT_FOUND")]
    assert fields_and_codes(wrong_type["data"]["payoutFail"]) == [("id", "NOT_FOUND")]
    payout.refresh_from_db()
    assert payout.status == "pending"
    payout_confirm(payout=payout, actor=staff, paid_at=at(3, 17))
    before = row_counts(JournalTransaction)
    paid = gql(MUTATION, {"id": gid("Payout", payout), "reason": "x"}, token=staff_token)
    assert fields_and_codes(paid["data"]["payoutFail"]) == [(None, "INVALID_STATE")]
    assert paid["data"]["payoutFail"]["payout"] is None
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert row_counts(JournalTransaction) == before
