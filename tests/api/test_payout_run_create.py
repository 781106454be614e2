import pytest

from api.core.tokens import token_for
from ledger.models import JournalTransaction, Payout, PayoutRun
from ledger.selectors import artisan_balance
from tests.api.conftest import DENIED, fields_and_codes, row_counts
from tests.api.ledger_helpers import at, other_artisan_token, sell, with_agreement

MUTATION = """
mutation Run($input: PayoutRunCreateInput!) {
  payoutRunCreate(input: $input) {
    payoutRun {
      id runDate minimum { amountFen }
      payouts { artisan { code } amount { amountFen formatted } method status payeeName }
    }
    errors { field code message }
  }
}
"""
INPUT = {"input": {"runDate": "2026-03-16", "minimumFen": 10000}}


@pytest.fixture
def balances(artisan, product, cart, operator):
    """乌仁娜 (70%) sold 16800 on 1 March: 11760 available. 其木格 (60%) sold 15000: 9000, under 10000."""
    with_agreement(artisan)
    other, other_token = other_artisan_token()
    with_agreement(other, artisan_bp=6000, operator_bp=1500, programme_bp=2500)
    sell(artisan, product, cart, operator, "C/1", 16800, at(3, 1))
    sell(other, product, cart, operator, "C/2", 15000, at(3, 1))
    return other, other_token


def test_staff_run_pays_each_artisan_whose_available_balance_reaches_the_minimum(
    gql, staff_token, artisan, balances
):
    other, _ = balances
    result = gql(MUTATION, INPUT, token=staff_token)

    payload = result["data"]["payoutRunCreate"]
    assert payload["errors"] == []
    run = payload["payoutRun"]
    assert (run["runDate"], run["minimum"]) == ("2026-03-16", {"amountFen": 10000})
    assert run["payouts"] == [
        {
            "artisan": {"code": "urna"},
            "amount": {"amountFen": 11760, "formatted": "¥117.60"},
            "method": "CASH",
            "status": "PENDING",
            "payeeName": "乌仁娜",
        }
    ]
    assert artisan_balance(artisan=artisan).available_fen == 0
    assert artisan_balance(artisan=artisan).in_transit_fen == 11760
    assert artisan_balance(artisan=other).available_fen == 9000


def test_a_run_started_twice_pays_once(gql, staff_token, balances):
    first = gql(MUTATION, INPUT, token=staff_token)["data"]["payoutRunCreate"]
    second = gql(MUTATION, INPUT, token=staff_token)["data"]["payoutRunCreate"]

    assert second["errors"] == []
    assert second["payoutRun"]["id"] == first["payoutRun"]["id"]
    assert list(Payout.objects.values_list("amount_fen", flat=True)) == [11760]
    assert JournalTransaction.objects.filter(kind="payout").count() == 1


def test_artisans_operators_and_the_anonymous_are_refused(gql, artisan_token, operator, balances):
    _, other_token = balances
    for token in (artisan_token, other_token, token_for(operator.user), None):
        payload = gql(MUTATION, INPUT, token=token)["data"]["payoutRunCreate"]
        assert payload == {"payoutRun": None, "errors": DENIED}
    assert row_counts(PayoutRun, Payout) == {"PayoutRun": 0, "Payout": 0}


def test_a_minimum_below_one_fen_is_refused_and_nothing_is_written(gql, staff_token, balances):
    before = row_counts(PayoutRun, Payout, JournalTransaction)
    zero = gql(MUTATION, {"input": {"runDate": "2026-03-16", "minimumFen": 0}}, token=staff_token)
    negative = gql(MUTATION, {"input": {"runDate": "2026-03-16", "minimumFen": -5}}, token=staff_token)
    bad_date = gql(MUTATION, {"input": {"runDate": "16/03/2026"}}, token=staff_token)

    for result in (zero, negative):
        payload = result["data"]["payoutRunCreate"]
        assert payload["payoutRun"] is None
        assert fields_and_codes(payload) == [("minimumFen", "INVALID")]
    assert bad_date.get("data") is None and bad_date["errors"]
    assert row_counts(PayoutRun, Payout, JournalTransaction) == before
